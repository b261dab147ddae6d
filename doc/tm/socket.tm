#%+
  Reference for the S-Lang socket module (require ("socket")).

  This file is the source of doc/help/socket.hlp, the file that slsh's
  "help" command reads.  Regenerate it with

      rm -f doc/help/socket.hlp
      tmexpand -Mslhlp doc/tm/socket.tm doc/help/socket.hlp </dev/null

  (tmexpand runs under jed-script, which asks on stdin before
  overwriting an existing output file: remove it first.)

  Every public name of the module has an entry of its own, so that
  "help NAME" works for each of them.  Constants are documented once per
  group, in the entry of the group's first constant (e.g. SOCK_STREAM for
  all SOCK_* types); every other constant has a short entry pointing there.

  The differences from upstream S-Lang 2.3.3's socket module are listed
  in doc/COMPATIBILITY.
#%-
#% Debian's tmexpand slhlp.tm lacks these; they are those of S-Lang's own
#% doc macros, slightly simplified.
#d qualifiers \_hlp_section{QUALIFIERS}
#d qualifier#2 \__space__{2}; $1: $2
#d altusage#1 \__space__{2}% or\__newline__\__space__{2}$1

#%{{{ socket

\function{socket}
\synopsis{Create a communications socket}
\usage{FD_Type socket (Int_Type domain, Int_Type type, Int_Type protocol)}
\description
  The \ifun{socket} function creates a communications socket of the
  specified \var{domain}, \var{type}, and \var{protocol}.  Supported
  domains are \icon{PF_UNIX} (local sockets), \icon{PF_INET} (IPv4),
  \icon{PF_INET6} (IPv6), and on Linux \icon{PF_NETLINK} (talking to
  the kernel), \icon{PF_PACKET} (link-level frames) and
  \icon{PF_VSOCK} (virtual machines and their host); the \icon{AF_*}
  names are equivalent.  Any other domain raises
  \exc{InvalidParmError}: the module could not give or take its
  addresses.
  The socket type is one of the symbolic constants
#v+
    SOCK_STREAM
    SOCK_DGRAM
    SOCK_SEQPACKET
    SOCK_RAW
    SOCK_RDM
#v-
  optionally or-ed with \icon{SOCK_NONBLOCK} to create a non-blocking
  socket.  The \var{protocol} parameter specifies the protocol to be
  used.  Normally only one protocol is supported for a particular
  domain and type, and 0 should be passed for \var{protocol}.  A
  netlink socket names its kernel service here (\exmp{socket
  (PF_NETLINK, SOCK_RAW, NETLINK_ROUTE)}).  For \icon{PF_PACKET} the
  protocol is in network byte order, as in C (\exmp{htons
  (ETH_P_ALL)}); the simpler way is to pass 0 and name the protocol,
  in host order, to \ifun{bind}: \exmp{bind (s, "eth0", ETH_P_ALL)}.

  If successful, the \ifun{socket} function returns a file descriptor
  (\dtype{FD_Type}) that may be used with \ifun{read}, \ifun{write},
  \ifun{close}, \ifun{dup_fd}, \ifun{_fileno} and the \module{select}
  module like any other descriptor, or passed to the other socket
  functions.  Upon error, a \exc{SocketError} exception is thrown
  and \var{errno} set accordingly; an unknown domain raises
  \exc{InvalidParmError}.

  The socket functions accept any \dtype{FD_Type} whose descriptor is
  a socket, not only the ones this module created: a copy made with
  \ifun{dup_fd}, or a descriptor inherited from inetd or systemd
  (\exmp{s = @FD_Type(3);}).  The domain of such a socket is learned
  from the descriptor.  An \dtype{FD_Type} whose descriptor is not a
  socket raises \exc{TypeMismatchError}; one that has been closed
  raises \exc{SocketError} with \var{errno} set to \icon{EBADF}.

  Sockets made by \ifun{socket}, \ifun{socketpair}, \ifun{accept},
  \ifun{create_connection}, \ifun{create_server} and \ifun{recv_fds}
  are close-on-exec, as in Python, and so are the copies
  \ifun{dup_fd} makes of them: programs started with
  \ifun{system}, \ifun{popen} or the \module{process} module do not
  inherit them.  A socket is closed by \ifun{close}, or when its last
  reference goes away.

  The conventions for errors are described under \exc{SocketError};
  those for addresses, timeouts and signals under \ifun{connect}.
\example
  The following example illustrates the creation of a socket for use
  in the internet domain:
#v+
     try {
        s = socket (PF_INET, SOCK_STREAM, 0);
     }
     catch SocketError: {
        () = fprintf (stderr, "socket failed: %s", errno_string(errno));
        exit (1);
     }
#v-
  A UDP socket that does not block:
#v+
     s = socket (PF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, 0);
#v-
\notes
  \ifun{write} on a stream socket whose peer has gone away raises
  SIGPIPE.  slsh ignores that signal, so \ifun{write} returns -1 with
  \var{errno} \icon{EPIPE}; an application that does not ignore it is
  killed.  \ifun{send}, \ifun{sendto}, \ifun{sendall},
  \ifun{send_fds}, \ifun{sendmsg} and \ifun{sendfile} never raise
  SIGPIPE: they throw \exc{SocketError} with \icon{EPIPE}.
\seealso{socketpair, connect, bind, listen, accept, create_connection, create_server, setsockopt, getsockopt, SocketError, PF_UNIX, SOCK_STREAM}
\done

#%}}}

#%{{{ socketpair

\function{socketpair}
\synopsis{Create a pair of connected sockets}
\usage{(FD_Type s1, FD_Type s2) = socketpair (Int_Type domain, Int_Type type, Int_Type protocol)}
\description
  The \ifun{socketpair} function creates two sockets that are
  connected to each other: what is written to one can be read from the
  other.  On Linux the \var{domain} must be \icon{PF_UNIX}; the
  \var{type} is \icon{SOCK_STREAM}, \icon{SOCK_DGRAM} or
  \icon{SOCK_SEQPACKET} (optionally or-ed with \icon{SOCK_NONBLOCK}),
  and \var{protocol} is normally 0.  Both sockets are close-on-exec.

  Upon error a \exc{SocketError} exception is thrown and \var{errno} is
  set.
\example
#v+
    (s1, s2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
    () = send (s1, "ping");
    data = recv (s2, 100);      % "ping"
#v-
\seealso{socket, send_fds, recv_fds, shutdown}
\done

#%}}}

#%{{{ connect

\function{connect}
\synopsis{Make a connection to a socket}
\usage{connect (FD_Type s, address-args ; timeout=secs)}
\description
  The \ifun{connect} function connects the socket \var{s} to the
  address specified by the address-arguments.  The type and number of
  the address arguments must be consistent with the domain of the
  socket:
#v+
    domain                  address-args
    PF_UNIX    / AF_UNIX    path
    PF_INET    / AF_INET    host, port
    PF_INET6   / AF_INET6   host, port
    PF_NETLINK / AF_NETLINK pid, groups
    PF_PACKET  / AF_PACKET  ifname, protocol
    PF_VSOCK   / AF_VSOCK   cid, port
#v-
  A unix \var{path} is a String, or a BString whose first byte is
  \exmp{"\\0"} for a Linux abstract name (it does not exist in the file
  system).  A path longer than the system allows (107 bytes on Linux;
  108 for an abstract name, its leading NUL included), or a String path
  with a NUL byte in it, raises \exc{InvalidParmError}.

  An internet \var{host} is a numeric address (\exmp{"192.0.2.1"},
  \exmp{"::1"}, \exmp{"fe80::1%eth0"}) or a host name; for
  \ifun{bind}, \exmp{""} means any address.  Numeric addresses never
  reach the resolver; names are resolved with \ifun{getaddrinfo} for the
  family of the socket.  The \var{port} is an integer from 0 to 65535,
  or a String holding a service name or number (\exmp{"http"},
  \exmp{"8080"}); anything else raises \exc{InvalidParmError}.

  A netlink address is a \var{pid} (the port id of a socket: 0 is
  the kernel; \ifun{bind} to 0 lets the kernel pick one, usually the
  process id for the first socket and a number above 2^31 for later
  ones) and a bit mask of multicast \var{groups} (\icon{RTMGRP_LINK},
  ...; 0 for none).  A packet address is an interface, named by a
  String (\exmp{"lo"}, or \exmp{""} for any) or given by its Int
  index, and an Ethernet protocol (\icon{ETH_P_ALL},
  \icon{ETH_P_IP}, ...) in host byte order, 0..65535; an unknown
  interface name raises \exc{SocketError} with \icon{ENODEV}
  (\exmp{bind: No such device}).  It carries no hardware address, so a
  \icon{SOCK_DGRAM} packet socket can receive but \ifun{sendto} on it
  has no destination to give: use \icon{SOCK_RAW} and send whole
  frames.  A vsock address is a context id \var{cid}
  (\icon{VMADDR_CID_HOST}, \icon{VMADDR_CID_LOCAL}, a guest's cid,
  or \icon{VMADDR_CID_ANY} for \ifun{bind}) and a \var{port}
  (\icon{VMADDR_PORT_ANY} lets \ifun{bind} choose).  Netlink pids and
  groups and vsock cids and ports are unsigned 32-bit numbers: they are
  taken from any integer type in 0..4294967295 (anything else raises
  \exc{InvalidParmError}, and \exmp{-1} is not \icon{VMADDR_CID_ANY})
  and given back as \dtype{UInt_Type}.  A packet interface comes back
  as its name (as its Int index only if it has no name any more), the
  protocol as an Int.

  When a name resolves to several addresses, \ifun{connect} tries each
  of them in the order returned, and if all fail reports the error of
  the last one.

  Addresses given back by this module (the references of
  \ifun{accept}, \ifun{getsockname}, \ifun{getpeername},
  \ifun{recvfrom}) are numeric and never cause a reverse lookup; unix
  paths come back as given (\exmp{""} for an unnamed socket, a BString
  for an abstract name); netlink, packet and vsock addresses come back
  as described above.  They can be passed straight back to
  \ifun{connect}, \ifun{bind} or \ifun{sendto}:
  \exmp{connect (c, getsockname (server));} works in every domain.

  Upon failure, the function throws a \exc{SocketError} exception and
  sets \var{errno}, or, if the host name cannot be resolved, throws a
  \exc{SocketHError} and sets \var{h_errno}.  It should be noted that
  \exc{SocketHError} is a subclass of \exc{SocketError}.

  Without the \exmp{timeout} qualifier, the call behaves exactly as
  the blocking mode of the socket says: a blocking socket waits as
  long as the system does, while on a non-blocking socket a connection
  that cannot complete at once raises \exc{SocketError} with
  \var{errno} set to \icon{EINPROGRESS}.  The caller can then wait for
  the socket to become writable (with \ifun{poll} or the
  \module{select} module) and read \icon{SO_ERROR} to learn the outcome.
  A unix-domain \ifun{connect} to a listener whose backlog is full
  raises \exc{SocketError} with \icon{EAGAIN} on a non-blocking socket
  (a blocking one waits for room).

  Once connected, connecting again to any address raises
  \exc{SocketError} with \icon{EISCONN}.  A connection that Linux
  completed in the background is an exception: after a non-blocking
  \ifun{connect} that the script waited for itself, a further
  \ifun{connect} to any address returns without error and the socket
  stays connected to the first.  Calling \ifun{connect} once more
  with the same address after the wait settles it (that call returns
  without error; later ones raise \icon{EISCONN}).  \ifun{connect}
  with the \exmp{timeout} qualifier, and \ifun{create_connection},
  do this themselves.

  If a signal interrupts the call, the S-Lang signal handlers run; if
  one of them throws an exception, the exception propagates, otherwise
  the call goes on.  An interrupted \ifun{connect} is not issued again:
  it waits for the connection in progress to complete.  The same holds
  for \ifun{accept}, \ifun{send}, \ifun{sendto}, \ifun{sendall},
  \ifun{send_fds}, \ifun{recv}, \ifun{recvfrom}, \ifun{recv_fds} and
  \ifun{poll}.  If a handler closes the socket the call is waiting on,
  the call stops with \exc{SocketError} and \var{errno} \icon{EBADF}
  (message "\var{call}: the socket was closed while the call waited"),
  even if a new descriptor has taken the same number meanwhile; for
  \ifun{sendall} the exception's \var{object} is still the number of
  bytes sent, a \ifun{recv} with \icon{MSG_WAITALL} returns the data
  that did arrive, and \ifun{poll} reports such a descriptor as
  \icon{POLLNVAL}.
\qualifiers
\qualifier{timeout=secs}{give up after \var{secs} seconds (a Double)}

  With the \exmp{timeout} qualifier the call waits at most \var{secs}
  seconds, whatever the blocking mode of the socket, and then raises
  \exc{SocketError} with \var{errno} set to \icon{ETIMEDOUT}.  The
  time limit covers the whole call: the resolution of a host name
  (done in a helper thread that is abandoned at the deadline, as by
  \ifun{create_connection}, so a name server that does not answer
  cannot hold the call) and every address tried.  A unix-domain
  listener whose backlog is full (\icon{EAGAIN}) is tried again, with
  pauses of 1 ms growing to 32 ms, until the deadline.  A negative
  timeout is the same as no qualifier; \var{secs} must be a number,
  and NaN raises \exc{InvalidParmError}.

  The operation is tried first, without blocking; only if it would
  block (\icon{EAGAIN}, or \icon{EINPROGRESS} for \ifun{connect})
  does the call wait with \ifun{poll} (there is no limit on descriptor
  numbers) and try again, until the deadline.  Data that is already
  there thus costs no extra system call, and a descriptor that is not
  a socket raises \exc{TypeMismatchError} at once, without waiting.
  A timeout of 0 tries once and polls once; it cannot cover the
  resolution of a host name, so with a name instead of a numeric
  address it in practice raises \icon{ETIMEDOUT}.  A signal does not restart the
  clock.  The blocking mode of the socket is the same after the call
  as before: \ifun{send} and \ifun{recv} and their kin use
  \icon{MSG_DONTWAIT}, \ifun{connect} makes the socket non-blocking
  while it runs, and \ifun{accept} makes the listener non-blocking
  only around each \exmp{accept4} call itself.  The same qualifier is
  accepted by \ifun{accept}, \ifun{send}, \ifun{sendto},
  \ifun{sendall}, \ifun{send_fds}, \ifun{recv}, \ifun{recvfrom} and
  \ifun{recv_fds}, with the same meaning.
\example
  The following example creates an internet domain socket and connects
  it to port 32100 of a specified host:
#v+
     try {
        s = socket (PF_INET, SOCK_STREAM, 0);
        connect (s, "some.host.com", 32100);
     }
     catch SocketHError: {...}
     catch SocketError: {...}
#v-
  The same with a time limit of 5 seconds:
#v+
     connect (s, "some.host.com", 32100; timeout=5.0);
#v-
  Connecting a non-blocking socket, waiting with the \module{select}
  module:
#v+
     require ("socket");
     require ("select");
     s = socket (PF_INET, SOCK_STREAM, 0);
     setblocking (s, 0);
     try {
        connect (s, "127.0.0.1", 8080);
     }
     catch SocketError: {
        if (errno != EINPROGRESS) throw;
        if (0 == select (NULL, [s], NULL, 5.0).nready)
          throw SocketError, "connect: timed out";
        variable err = getsockopt (s, SOL_SOCKET, SO_ERROR);
        if (err) throw SocketError, "connect: " + errno_string (err);
     }
#v-
  The same wait with this module's \ifun{poll}:
#v+
        if (0 == poll (s, POLLOUT, 5.0)[0])
          throw SocketError, "connect: timed out";
#v-
  Connecting to a local server:
#v+
     s = socket (PF_UNIX, SOCK_STREAM, 0);
     connect (s, "/run/user/1000/myapp.sock");
#v-
\notes
  A socket whose \ifun{connect} failed or timed out is in an unspecified
  state and should be closed.  To get a connected socket from a host
  name in one step, with IPv4 and IPv6 tried together, see
  \ifun{create_connection}.
\seealso{create_connection, accept, bind, listen, socket, getaddrinfo, poll, setblocking, SocketError, SocketHError}
\done

#%}}}

#%{{{ bind

\function{bind}
\synopsis{Bind a local address-name to a socket}
\usage{bind (FD_Type s, address-args ; mode=perm, unlink=0|1)}
\description
  The \ifun{bind} function assigns a name to the socket \var{s}.  The
  address-args specify the name in a domain-specific manner (see
  \ifun{connect}): for unix domain sockets, the address is the name of
  a file (or a BString starting with \exmp{"\\0"} for a Linux abstract
  name); for sockets in the internet domains, it is a host and a port;
  netlink (pid, groups), packet (ifname, protocol) and vsock (cid,
  port) addresses are described under \ifun{connect}.  A host of \exmp{""} binds to any address (\exmp{"0.0.0.0"} or
  \exmp{"::"}), and port 0 lets the system choose a free port, which
  \ifun{getsockname} then reports.

  Upon failure, the function throws a \exc{SocketError} exception (or a
  \exc{SocketHError} if a host name cannot be resolved).

  A unix path is handled so that no data is ever lost:
#v+
    - If something that is not a socket already exists at the path
      (a regular file, a directory, a symbolic link), bind fails with
      errno EADDRINUSE and the file is left untouched.
    - If a socket file exists there but no socket is bound to it any
      more (a datagram connect to it is refused), it is a stale
      leftover of a previous server: it is removed, so a restarted
      server can bind again.  A socket in use, even one bound and not
      yet listening, gives EADDRINUSE.
    - When the socket that bound the path is closed for the last time
      in the process that bound it, the path is removed if it is
      still that socket's file.  Every copy made with dup_fd, before
      or after bind, counts; a copy the module did not make (such as
      @FD_Type(n), or one received by recv_fds) does not.  A forked
      child never removes its parent's path.
#v-
  In detail: \ifun{bind} records the device and inode of the socket
  file and the id of the process.  The close method of the last copy
  compares the path's device and inode with those before it calls
  close(2), while the open descriptor still pins the inode, so the
  check is exact: a file that has since taken the path is left alone.
  A process that ends without closing the socket (killed, say) leaves
  the file; the next \ifun{bind} on that path removes it as stale.

  The trade-off: nothing probes whether another process still serves
  the socket, and no list of paths is swept later (Go's UnixListener
  and Python's asyncio do the same or less).  So a parent that closes
  its listener while forked workers still serve it loses the path, as
  with Go: new clients cannot connect.  Such a server binds with
  \exmp{unlink=0}, which keeps the path at close.
\qualifiers
\qualifier{mode=perm}{permission bits of the unix socket file, e.g. 0600}
\qualifier{unlink=0|1}{remove the unix socket path when the socket is
    closed, as described above (default 1)}

  With \exmp{mode}, the socket file is created with exactly those
  permission bits, with no moment in which it has others (it is not a
  \ifun{chmod} after the fact).  On Linux, connecting to a unix socket
  needs write permission on its file, so \exmp{mode=0600} admits only
  processes of the same user (and root).  Without the qualifier the
  process umask applies as usual.  \exmp{mode} given for an abstract
  name or a socket that is not in the unix domain, or outside 0 to
  0777, raises \exc{InvalidParmError}.

  \exmp{unlink} is accepted for any socket and only matters for a
  unix path.  With \exmp{unlink=0} the path stays when the socket is
  closed; a later \ifun{bind} on it removes it once it is stale.
\example
  The following example creates a \icon{PF_UNIX} domain socket and
  binds it to \exmp{"/tmp/mysock"}:
#v+
    s = socket (PF_UNIX, SOCK_STREAM, 0);
    bind (s, "/tmp/mysock");
#v-
  The next example creates a \icon{PF_INET} domain socket and binds it
  to port 32000 of the local host \exmp{my.host.com}:
#v+
    s = socket (PF_INET, SOCK_STREAM, 0);
    bind (s, "my.host.com", 32000);
#v-
  A private IPC server: the socket file is created with mode 0600, and
  each client's credentials are checked as well.
#v+
    require ("socket");
    variable path = path_concat (getenv ("XDG_RUNTIME_DIR"), "myapp.sock");
    variable s = socket (PF_UNIX, SOCK_STREAM, 0);
    bind (s, path; mode=0600);
    listen (s, SOMAXCONN);
    forever
      {
         variable c = accept (s);
         variable cred = getsockopt (c, SOL_SOCKET, SO_PEERCRED);
         if (cred.uid != getuid ())
           {
              () = fprintf (stderr, "refused pid %d uid %d\n",
                            cred.pid, cred.uid);
              close (c);
              continue;
           }
         () = sendall (c, "hello\n");
         close (c);
      }
#v-
  A Linux abstract name, which exists only while the socket is open:
#v+
    s = socket (PF_UNIX, SOCK_STREAM, 0);
    bind (s, "\0myapp");
#v-
\seealso{accept, connect, listen, socket, create_server, getsockname, setsockopt, SO_PEERCRED, SO_REUSEADDR}
\done

#%}}}

#%{{{ listen

\function{listen}
\synopsis{Listen for connections on a socket}
\usage{listen (FD_Type s, Int_Type max_pending)}
\description
  The \ifun{listen} function marks the socket \var{s} as accepting
  connections.  The second argument specifies the maximum number of
  pending connections to allow before refusing more; the system caps
  it at \icon{SOMAXCONN}.  A socket that has not been bound is given an
  ephemeral port (internet domains).  Upon error, a \exc{SocketError}
  exception is thrown.
\example
#v+
    s = socket (PF_INET, SOCK_STREAM, 0);
    setsockopt (s, SOL_SOCKET, SO_REUSEADDR, 1);
    bind (s, "", 8080);
    listen (s, SOMAXCONN);
#v-
\seealso{accept, bind, connect, socket, create_server, SOMAXCONN}
\done

#%}}}

#%{{{ accept

\function{accept}
\synopsis{Accept a connection on a socket}
\usage{FD_Type accept (FD_Type s [, &address-args...] ; timeout=secs)}
\altusage{c = accept (s, &host, &port);   % PF_INET, PF_INET6}
\altusage{c = accept (s, &path);          % PF_UNIX}
\altusage{c = accept (s, &cid, &port);    % PF_VSOCK}
\description
  The \ifun{accept} function accepts a connection on the listening
  socket \var{s} and returns a new socket that may be used to
  communicate with the remote end.  It can optionally return the
  address of the remote end through reference arguments: either none,
  or all of them (\exmp{&host, &port} in the internet domains,
  \exmp{&path} in the unix domain, \exmp{&cid, &port} for vsock, both
  UInt).  Any other number of references
  raises \exc{NumArgsError}.

  The host is always numeric (\exmp{"127.0.0.1"}, \exmp{"::1"}, or
  \exmp{"::ffff:127.0.0.1"} for an IPv4 client of a dual-stack server);
  no reverse lookup is done (see \ifun{getnameinfo}).  The port is an
  Integer.  The unix path of a client is usually \exmp{""}, since
  clients rarely bind.

  The new socket is close-on-exec and in blocking mode.  On a
  non-blocking listener with no pending connection, \ifun{accept}
  raises \exc{SocketError} with \var{errno} set to \icon{EAGAIN}.  Upon
  any other error, \ifun{accept} throws a \exc{SocketError} exception.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}

  With \exmp{timeout}, the listener's blocking mode is never changed:
  it belongs to the open file that all copies of the listener share,
  so other processes that accept on the same listener (a pre-fork
  server) keep blocking as they expect.  On a blocking listener
  \ifun{accept} waits in \ifun{poll} until a connection is pending or
  the time runs out, then accepts it.  In a pre-fork server another
  worker may take that connection first; the accept then waits for the
  next one, past the deadline -- the one way the deadline can be
  overrun, chosen over any way of losing a connection.  A non-blocking
  listener (\exmp{setblocking (s, 0)}, for workers that must never
  wait) keeps every deadline.  See \ifun{connect} for the rest of the
  qualifier's rules.
\example
  The following example accepts a remote connection on \icon{PF_INET}
  socket and returns the hostname and port used by the connected party:
#v+
    s1 = accept (s, &hostip, &port);
    vmessage ("Accepted connection from %s on port %d", hostip, port);
#v-
  Waiting at most 10 seconds for a client:
#v+
    try
      {
         c = accept (s; timeout=10.0);
      }
    catch SocketError:
      {
         if (errno != ETIMEDOUT) throw;
         message ("no client");
      }
#v-
\seealso{bind, connect, listen, socket, create_server, getpeername, poll}
\done

#%}}}

#%{{{ getsockopt

\function{getsockopt}
\synopsis{Get a socket option}
\usage{value = getsockopt (FD_Type s, Int_Type level, Int_Type optname)}
\altusage{BString_Type getsockopt (FD_Type s, Int_Type level, Int_Type optname, Int_Type buflen)}
\description
  The \ifun{getsockopt} function returns the value of the option
  specified by the integer \var{optname} residing at the specified
  \var{level}.  The type of the value depends upon the option:
#v+
    option               level         value      access
    SO_KEEPALIVE         SOL_SOCKET    Int        get/set
    SO_OOBINLINE         SOL_SOCKET    Int        get/set
    SO_RCVLOWAT          SOL_SOCKET    Int        get/set
    SO_SNDLOWAT          SOL_SOCKET    Int        get/set
    SO_BSDCOMPAT         SOL_SOCKET    Int        get/set
    SO_PASSCRED          SOL_SOCKET    Int        get/set
    SO_DEBUG             SOL_SOCKET    Int        get/set
    SO_REUSEADDR         SOL_SOCKET    Int        get/set
    SO_REUSEPORT         SOL_SOCKET    Int        get/set
    SO_TYPE              SOL_SOCKET    Int        get
    SO_ACCEPTCONN        SOL_SOCKET    Int        get
    SO_DOMAIN            SOL_SOCKET    Int        get
    SO_PROTOCOL          SOL_SOCKET    Int        get
    SO_DONTROUTE         SOL_SOCKET    Int        get/set
    SO_BROADCAST         SOL_SOCKET    Int        get/set
    SO_SNDBUF            SOL_SOCKET    Int        get/set
    SO_RCVBUF            SOL_SOCKET    Int        get/set
    SO_PRIORITY          SOL_SOCKET    Int        get/set
    SO_MARK              SOL_SOCKET    Int        get/set
    SO_TIMESTAMP         SOL_SOCKET    Int        get/set
    SO_TIMESTAMPNS       SOL_SOCKET    Int        get/set
    SO_PEERSEC           SOL_SOCKET    label      get
    SO_ERROR             SOL_SOCKET    Int        get
    SO_BINDTODEVICE      SOL_SOCKET    String     get/set
    SO_RCVTIMEO          SOL_SOCKET    timeval    get/set
    SO_SNDTIMEO          SOL_SOCKET    timeval    get/set
    SO_LINGER            SOL_SOCKET    linger     get/set
    SO_PEERCRED          SOL_SOCKET    ucred      get
    IP_TTL               SOL_IP        Int        get/set
    IP_TOS               SOL_IP        Int        get/set
    IP_HDRINCL           SOL_IP        Int        get/set
    IP_MULTICAST_TTL     SOL_IP        Int        get/set
    IP_MULTICAST_LOOP    SOL_IP        Int        get/set
    IP_RECVERR           SOL_IP        Int        get/set
    IP_MTU_DISCOVER      SOL_IP        Int        get/set
    IP_MTU               SOL_IP        Int        get
    IP_BIND_ADDRESS_NO_PORT SOL_IP     Int        get/set
    IP_PKTINFO           SOL_IP        Int        get/set
    IP_RECVTOS           SOL_IP        Int        get/set
    IP_RECVTTL           SOL_IP        Int        get/set
    IP_RECVOPTS          SOL_IP        Int        get/set
    IP_ROUTER_ALERT      SOL_IP        Int        get/set
    IP_FREEBIND          SOL_IP        Int        get/set
    IP_TRANSPARENT       SOL_IP        Int        get/set
    IP_OPTIONS           SOL_IP        BString    get/set
    IP_MULTICAST_IF      SOL_IP        in_addr    get/set
    IP_ADD_MEMBERSHIP    SOL_IP        ip_mreq    set
    IP_DROP_MEMBERSHIP   SOL_IP        ip_mreq    set
    IPV6_V6ONLY          IPPROTO_IPV6  Int        get/set
    IPV6_UNICAST_HOPS    IPPROTO_IPV6  Int        get/set
    IPV6_MULTICAST_HOPS  IPPROTO_IPV6  Int        get/set
    IPV6_MULTICAST_LOOP  IPPROTO_IPV6  Int        get/set
    IPV6_MULTICAST_IF    IPPROTO_IPV6  Int        get/set
    IPV6_RECVPKTINFO     IPPROTO_IPV6  Int        get/set
    IPV6_TCLASS          IPPROTO_IPV6  Int        get/set
    IPV6_RECVHOPLIMIT    IPPROTO_IPV6  Int        get/set
    IPV6_RECVTCLASS      IPPROTO_IPV6  Int        get/set
    IPV6_RECVERR         IPPROTO_IPV6  Int        get/set
    IPV6_MTU             IPPROTO_IPV6  Int        get
    IPV6_JOIN_GROUP      IPPROTO_IPV6  ipv6_mreq  set
    IPV6_LEAVE_GROUP     IPPROTO_IPV6  ipv6_mreq  set
    TCP_NODELAY          SOL_TCP       Int        get/set
    TCP_MAXSEG           SOL_TCP       Int        get/set
    TCP_KEEPIDLE         SOL_TCP       Int        get/set
    TCP_KEEPINTVL        SOL_TCP       Int        get/set
    TCP_KEEPCNT          SOL_TCP       Int        get/set
    TCP_USER_TIMEOUT     SOL_TCP       Int        get/set
    TCP_QUICKACK         SOL_TCP       Int        get/set
    TCP_CORK             SOL_TCP       Int        get/set
    TCP_FASTOPEN         SOL_TCP       Int        get/set
    TCP_NOTSENT_LOWAT    SOL_TCP       Int        get/set
    TCP_SYNCNT           SOL_TCP       Int        get/set
    TCP_LINGER2          SOL_TCP       Int        get/set
    TCP_DEFER_ACCEPT     SOL_TCP       Int        get/set
    TCP_WINDOW_CLAMP     SOL_TCP       Int        get/set
    TCP_FASTOPEN_CONNECT SOL_TCP       Int        get/set
    TCP_CONGESTION       SOL_TCP       String     get/set
    TCP_INFO             SOL_TCP       tcp_info   get
#v-
  The values are:
#v+
    Int        an integer; booleans are 0 or 1
    String     a String (SO_BINDTODEVICE: an interface name, "" for none;
               TCP_CONGESTION: an algorithm name such as "cubic"); at
               most 15 characters
    label      a String, get only (SO_PEERSEC: the peer's security
               label, e.g. an SELinux context)
    BString    raw bytes (IP_OPTIONS: at most 40)
    in_addr    a String holding an IPv4 address ("" or "0.0.0.0": any)
    timeval    Struct {tv_sec, tv_usec}; setsockopt also takes a number
               of seconds (a Double such as 0.5)
    linger     Struct {l_onoff, l_linger}
    ucred      Struct {pid, uid, gid}
    ip_mreq    the group and optionally the interface address as extra
               String arguments, or Struct {imr_multiaddr, imr_interface}
    ipv6_mreq  Struct {ipv6mr_multiaddr, ipv6mr_interface}: a String and
               an interface index (Int, 0 for any)
    tcp_info   Struct {state, ca_state, retransmits, rto, ato, snd_mss,
               rcv_mss, lost, retrans, rtt, rttvar, snd_ssthresh,
               snd_cwnd, total_retrans} of Integers (see TCP_INFO)
#v-
  \icon{SOL_IP}, \icon{SOL_IPV6} and \icon{SOL_TCP} are the same
  levels as \icon{IPPROTO_IP}, \icon{IPPROTO_IPV6} and
  \icon{IPPROTO_TCP}.  The meaning of each option is given in the
  entries \icon{SO_KEEPALIVE}, \icon{IP_TTL}, \icon{IPV6_V6ONLY} and
  \icon{TCP_NODELAY}.  Options the system lacks are not defined.

  An option not in this table, or at another level, raises
  \exc{NotImplementedError} naming the level and the option; so does
  reading a set-only option.  Upon a system error, a \exc{SocketError}
  exception is thrown and \var{errno} set.

  With a fourth argument, \var{buflen} (0 to 65536), any option at any
  level is read raw, whether it is in the table or not: the value is the
  BString of the bytes the kernel gave (at most \var{buflen}), to be
  taken apart with \ifun{unpack}.  \ifun{setsockopt} with a BString
  value sets any option raw the same way (but for \icon{IP_OPTIONS},
  whose value is a BString anyway).  An option the kernel does not know
  is then a \exc{SocketError} (\icon{ENOPROTOOPT}), not a
  \exc{NotImplementedError}.
#v+
    rcvbuf = unpack ("i", getsockopt (s, SOL_SOCKET, SO_RCVBUF, 4));
    cc = getsockopt (s, SOL_TCP, TCP_CONGESTION, 16);  % "cubic\0..."B
    setsockopt (s, SOL_TCP, TCP_CONGESTION, "reno"B);
#v-
\example
  The following example returns the \icon{SO_LINGER} option of a
  socket.  In this case, the value returned will be a structure:
#v+
     s = socket (PF_INET, SOCK_STREAM, 0);
     linger = getsockopt (s, SOL_SOCKET, SO_LINGER);
#v-
  The outcome of a non-blocking \ifun{connect}, and the receive timeout:
#v+
     err = getsockopt (s, SOL_SOCKET, SO_ERROR);   % 0 or an errno value
     tv = getsockopt (s, SOL_SOCKET, SO_RCVTIMEO);
     vmessage ("%d.%06d s", tv.tv_sec, tv.tv_usec);
#v-
\seealso{setsockopt, accept, bind, connect, listen, socket, SO_KEEPALIVE, IP_TTL, IPV6_V6ONLY, TCP_NODELAY, SOL_SOCKET}
\done

#%}}}

#%{{{ setsockopt

\function{setsockopt}
\synopsis{Set an option on a socket}
\usage{setsockopt (FD_Type s, Int_Type level, Int_Type optname, value)}
\altusage{setsockopt (FD_Type s, Int_Type level, Int_Type optname, BString_Type raw)}
\altusage{setsockopt (FD_Type s, SOL_IP, IP_ADD_MEMBERSHIP, group [, interface])}
\description
  The \ifun{setsockopt} function sets the value of the option
  specified by the integer \var{optname} residing at the specified
  \var{level}.  The type of the last parameter varies with the option
  to be set; see \ifun{getsockopt} for the table of options and their
  values.  Boolean options take 0 or 1.

  \icon{SO_RCVTIMEO} and \icon{SO_SNDTIMEO} take a structure
  \exmp{{tv_sec, tv_usec}} or a number of seconds (\exmp{0.5}); the
  structure read back with \ifun{getsockopt} is exact, but note that
  the kernel keeps these timeouts in scheduler ticks (4 ms with HZ=250),
  so a value that is not a whole number of ticks is rounded: set 1.25
  seconds and it reports \exmp{{tv_sec=1, tv_usec=252000}}.  A
  blocking call that reaches this timeout raises \exc{SocketError}
  with \var{errno} \icon{EAGAIN}.

  \icon{IP_ADD_MEMBERSHIP} and \icon{IP_DROP_MEMBERSHIP} take the
  multicast group address and optionally the address of the local
  interface (default: any) as String arguments, or one structure
  \exmp{{imr_multiaddr, imr_interface}} of Strings.
  \icon{IPV6_JOIN_GROUP} and \icon{IPV6_LEAVE_GROUP} take a structure
  \exmp{{ipv6mr_multiaddr, ipv6mr_interface}}: the group as a String,
  and the interface index as an Integer (0: any).

  A get-only option (\icon{SO_ERROR}, \icon{SO_TYPE},
  \icon{SO_ACCEPTCONN}, \icon{SO_DOMAIN}, \icon{SO_PROTOCOL},
  \icon{SO_PEERCRED}, \icon{SO_PEERSEC}, \icon{IP_MTU},
  \icon{IPV6_MTU}, \icon{TCP_INFO}) or an unknown one raises
  \exc{NotImplementedError} naming the level and the option; a value of
  the wrong type or shape raises \exc{TypeMismatchError}, and one out
  of range (a negative timeout, \exmp{tv_usec} above 999999, an
  interface name too long, an integer that does not fit a 32-bit
  Int_Type) \exc{InvalidParmError}.  Upon a system
  error, a \exc{SocketError} exception is thrown and \var{errno} set.
\example
  The following example sets the \icon{SO_LINGER} option of a socket.
  In this case, the value is a structure:
#v+
     s = socket (PF_INET, SOCK_STREAM, 0);
     linger = struct { l_onoff, l_linger };
     linger.l_onoff = 1; linger.l_linger = 10;
     setsockopt (s, SOL_SOCKET, SO_LINGER, linger);
#v-
  More examples:
#v+
     setsockopt (s, SOL_SOCKET, SO_REUSEADDR, 1);
     setsockopt (s, SOL_TCP, TCP_NODELAY, 1);
     setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, 0.5);
     tv = struct { tv_sec = 3, tv_usec = 500000 };
     setsockopt (s, SOL_SOCKET, SO_SNDTIMEO, tv);
#v-
  Joining an IPv4 and an IPv6 multicast group:
#v+
     u = socket (PF_INET, SOCK_DGRAM, 0);
     bind (u, "", 5000);
     setsockopt (u, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.3");
     setsockopt (u, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.3", "192.168.1.5");

     u6 = socket (PF_INET6, SOCK_DGRAM, 0);
     bind (u6, "", 5000);
     mreq = struct { ipv6mr_multiaddr = "ff12::1234", ipv6mr_interface = 0 };
     setsockopt (u6, IPPROTO_IPV6, IPV6_JOIN_GROUP, mreq);
#v-
\seealso{getsockopt, accept, bind, connect, listen, socket, setblocking, SO_KEEPALIVE, IP_TTL, IPV6_V6ONLY, TCP_NODELAY}
\done

#%}}}

#%{{{ getsockname

\function{getsockname}
\synopsis{Get the local address of a socket}
\usage{address-args = getsockname (FD_Type s)}
\altusage{(host, port) = getsockname (s);   % PF_INET, PF_INET6}
\altusage{path = getsockname (s);           % PF_UNIX}
\description
  The \ifun{getsockname} function returns the address the socket
  \var{s} is bound to, as address-args: a numeric host and an Integer
  port for the internet domains, a path for the unix domain
  (\exmp{""} if unbound, a BString for an abstract name), (pid,
  groups) for netlink, (ifname, protocol) for packet and (cid, port)
  for vsock sockets (see \ifun{connect}).  It is the
  way to learn the port the system chose after binding to port 0.  The
  result can be passed straight to \ifun{connect}.  Upon error, a
  \exc{SocketError} exception is thrown.
\example
#v+
    server = socket (PF_INET, SOCK_STREAM, 0);
    bind (server, "127.0.0.1", 0);
    listen (server, 5);
    (host, port) = getsockname (server);     % "127.0.0.1", e.g. 40213
    c = socket (PF_INET, SOCK_STREAM, 0);
    connect (c, getsockname (server));
#v-
\seealso{getpeername, bind, connect, accept}
\done

#%}}}

#%{{{ getpeername

\function{getpeername}
\synopsis{Get the address of the peer of a connected socket}
\usage{address-args = getpeername (FD_Type s)}
\description
  The \ifun{getpeername} function returns the address of the peer the
  socket \var{s} is connected to, as address-args: a numeric host and
  an Integer port for the internet domains, a path for the unix domain
  (\exmp{""} for an unnamed peer), or the address-args of the other
  families (see \ifun{connect}).  If the socket is not connected, a
  \exc{SocketError} with \var{errno} \icon{ENOTCONN} is thrown.
\example
#v+
    (host, port) = getpeername (c);
    vmessage ("connected to %s port %d", host, port);
#v-
\seealso{getsockname, accept, connect, getnameinfo}
\done

#%}}}

#%{{{ shutdown

\function{shutdown}
\synopsis{Shut down part of a full-duplex connection}
\usage{shutdown (FD_Type s, Int_Type how)}
\description
  The \ifun{shutdown} function disables further receptions
  (\icon{SHUT_RD}), transmissions (\icon{SHUT_WR}) or both
  (\icon{SHUT_RDWR}) on the socket \var{s}, for every process that
  shares it.  After \exmp{shutdown (s, SHUT_WR)} the peer reads end of
  file (\ifun{recv} returns an empty string) while \var{s} can still
  receive its answer.  The descriptor stays open until \ifun{close}.
  Another value of \var{how} raises \exc{InvalidParmError}; upon error, a
  \exc{SocketError} exception is thrown.
\example
#v+
    () = sendall (s, request);
    shutdown (s, SHUT_WR);           % tell the server we are done
    forever
      {
         data = recv (s, 4096);
         if (bstrlen (data) == 0) break;     % end of stream
         () = fwrite (data, stdout);
      }
#v-
\seealso{close, SHUT_RD, recv, send}
\done

#%}}}

#%{{{ send

\function{send}
\synopsis{Send data on a connected socket}
\usage{Int_Type n = send (FD_Type s, BString_Type data [, Int_Type flags] ; timeout=secs)}
\description
  The \ifun{send} function sends \var{data} (a String or a BString) on
  the connected socket \var{s} and returns the number of bytes sent (an
  Int_Type), which for a stream socket may be fewer than the length of
  \var{data}: use \ifun{sendall} to send everything.  The optional
  \var{flags} are \icon{MSG_*} constants or-ed together (default 0).

  \icon{MSG_NOSIGNAL} is always added: sending on a connection the peer
  has closed raises \exc{SocketError} with \var{errno} \icon{EPIPE}
  instead of killing the process with SIGPIPE.  On a non-blocking
  socket whose buffer is full, \exc{SocketError} with \icon{EAGAIN} is
  thrown.  Upon other errors, a \exc{SocketError} exception is thrown
  and \var{errno} set.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}

  The data is sent at once if there is room; only otherwise does the
  call wait (see \ifun{connect} for the qualifier's rules).
\example
#v+
    n = send (s, "GET / HTTP/1.0\r\n\r\n");
    n = send (s, data, MSG_MORE);
#v-
\seealso{sendall, sendto, recv, send_fds, write, MSG_PEEK}
\done

#%}}}

#%{{{ sendto

\function{sendto}
\synopsis{Send a message to a given address}
\usage{Int_Type n = sendto (FD_Type s, BString_Type data, Int_Type flags, address-args ; timeout=secs)}
\description
  The \ifun{sendto} function sends \var{data} (a String or a BString)
  to the address given by the address-args (see \ifun{connect}), and
  returns the number of bytes sent (an Int_Type).  It is mostly used with datagram
  sockets.  The \var{flags} are \icon{MSG_*} constants or-ed together;
  \icon{MSG_NOSIGNAL} is always added.  Upon error, a
  \exc{SocketError} exception is thrown (or \exc{SocketHError} if a
  host name cannot be resolved).
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}

  The time limit covers the resolution of a host name too (in a
  helper thread, as for \ifun{connect}).  When \ifun{poll} reports
  the socket writable but sending would still block (as with a unix
  datagram receiver whose queue is full), the call tries again after
  pauses of 1 ms growing to 32 ms, until the deadline.
\example
#v+
    u = socket (PF_INET, SOCK_DGRAM, 0);
    () = sendto (u, "hello", 0, "127.0.0.1", 9999);

    d = socket (PF_UNIX, SOCK_DGRAM, 0);
    () = sendto (d, "hello", 0, "/run/myapp/dgram.sock");
#v-
\seealso{recvfrom, send, connect, MSG_PEEK}
\done

#%}}}

#%{{{ recv

\function{recv}
\synopsis{Receive data from a connected socket}
\usage{BString_Type recv (FD_Type s, Int_Type maxlen [, Int_Type flags] ; timeout=secs)}
\description
  The \ifun{recv} function receives at most \var{maxlen} bytes from the
  socket \var{s} and returns them as a BString.  At the orderly end of
  a stream (the peer closed or shut down its side) it returns an empty
  BString.  The optional \var{flags} are \icon{MSG_*} constants or-ed
  together (default 0), e.g. \icon{MSG_PEEK} to look at the data
  without removing it, \icon{MSG_WAITALL} to wait for all
  \var{maxlen} bytes.  For a datagram socket, a datagram longer than
  \var{maxlen} is truncated.

  A large \var{maxlen} does not allocate that much memory up front.
  A read from a stream socket (\icon{SOCK_STREAM}) returns at most
  1 MiB (1048576 bytes) per call, however large \var{maxlen} is,
  unless \icon{MSG_WAITALL} is given; read in a loop as usual.  On
  other socket types (datagrams, \icon{SOCK_SEQPACKET}), when
  \var{maxlen} is above 1 MiB the size of the next message is peeked
  first and the buffer made that size (64 KiB at least, any UDP
  datagram).  Should another reader of the socket take that message
  first and a longer one come instead, nothing is cut silently:
  \exc{SocketError} with \var{errno} \icon{EMSGSIZE} is raised, and
  its \var{object} is what was read (\ifun{recv_fds} closes the
  descriptors that came with it).  \icon{MSG_ERRQUEUE} reads are
  never peeked (a peek would consume the message): their buffer is
  1 MiB at most.

  With \icon{MSG_WAITALL} on a stream socket the buffer starts at
  1 MiB at most and grows as data comes, and the call returns
  when \var{maxlen} bytes have arrived, at the end of the stream (with
  what did arrive), or, with the \exmp{timeout} qualifier, at the
  deadline with what did arrive: \icon{ETIMEDOUT} is raised only if
  nothing arrived.  Without the qualifier the kernel may still return
  fewer bytes, as recv(2) says: when a signal arrives (its handler
  runs once the call has returned), before a message that carries
  descriptors or credentials, at the socket's \icon{SO_RCVTIMEO}, or
  when a non-blocking socket has no more.  With the qualifier a
  signal is handled as by every call (see \ifun{connect}): the wait
  goes on, unless the handler throws, which ends the call, and the
  data that had arrived is lost with it (as in Python); if the
  handler closes the socket, what did arrive is returned.  When the
  module reads on (with the qualifier, or beyond 1 MiB), an error
  after part of the data (a connection reset) raises
  \exc{SocketError} whose \var{object} is the BString that did
  arrive; a single read returns the data, and the next call reports
  the error.  \icon{MSG_PEEK}, \icon{MSG_OOB} and \icon{MSG_TRUNC} with
  \icon{MSG_WAITALL} return what one read gives.

  A negative \var{maxlen} raises \exc{InvalidParmError}.  On a
  non-blocking socket with no data, \exc{SocketError} with
  \var{errno} \icon{EAGAIN} is thrown.  Upon other errors, a
  \exc{SocketError} exception is thrown and \var{errno} set.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}

  Data that is already there is returned at once; the call waits
  only when there is none (see \ifun{connect} for the qualifier's
  rules).  The exception to \icon{ETIMEDOUT} is \icon{MSG_WAITALL},
  described above.
\example
  Reading a stream until the peer closes it:
#v+
    variable chunks = {};
    forever
      {
         variable data = recv (s, 65536);
         if (bstrlen (data) == 0) break;
         list_append (chunks, data);
      }
    data = bstrjoin (list_to_array (chunks, BString_Type), ""B);
#v-
  A non-blocking socket, waiting with \ifun{poll} when nothing is
  there:
#v+
    setblocking (s, 0);
    forever
      {
         try
           {
              data = recv (s, 4096);
              break;
           }
         catch SocketError:
           {
              if (errno != EAGAIN) throw;
           }
         () = poll (s, POLLIN, -1);
      }
#v-
  Or simply:
#v+
    data = recv (s, 4096; timeout=2.5);
#v-
  Reading a message of known length, up to 10 seconds:
#v+
    data = recv (s, len, MSG_WAITALL; timeout=10);
    if (bstrlen (data) < len) message ("short read");
#v-
\seealso{recvfrom, recv_fds, send, read, poll, MSG_PEEK}
\done

#%}}}

#%{{{ recvfrom

\function{recvfrom}
\synopsis{Receive a message and the address of its sender}
\usage{(data, address-args) = recvfrom (FD_Type s, Int_Type maxlen [, Int_Type flags] ; timeout=secs)}
\altusage{(data, host, port) = recvfrom (s, maxlen);   % PF_INET, PF_INET6}
\altusage{(data, path) = recvfrom (s, maxlen);         % PF_UNIX}
\altusage{(data, pid, groups) = recvfrom (s, maxlen);  % PF_NETLINK}
\altusage{(frame, ifname, protocol) = recvfrom (s, maxlen);  % PF_PACKET}
\description
  The \ifun{recvfrom} function receives at most \var{maxlen} bytes
  from the socket \var{s}, like \ifun{recv}, and also returns the
  address of the sender as address-args: a numeric host and an Integer
  port, or for the unix domain the path of the sender (\exmp{""} if
  the sender is not bound); a netlink message comes with the sender's
  pid (0: the kernel) and the groups it was sent to, a frame on a
  packet socket with the interface it came in on or went out by and
  its protocol.  The address can be passed to
  \ifun{sendto} to answer.  On a connected stream socket the address
  is that of the peer; if that connection is already gone (reset, or
  closed on both sides) the data still queued is returned with
  \NULL for the host and the port.  What \ifun{recv} says about large
  \var{maxlen} values, \icon{MSG_WAITALL} and the \exmp{timeout}
  qualifier holds for \ifun{recvfrom} too.

  A negative \var{maxlen} raises \exc{InvalidParmError}.  Upon error,
  a \exc{SocketError} exception is thrown and \var{errno} set
  (\icon{EAGAIN} on a non-blocking socket with nothing to read).
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
  A UDP echo server:
#v+
    u = socket (PF_INET, SOCK_DGRAM, 0);
    bind (u, "", 7777);
    forever
      {
         (data, host, port) = recvfrom (u, 65535);
         () = sendto (u, data, 0, host, port);
      }
#v-
\seealso{recv, sendto, MSG_PEEK}
\done

#%}}}

#%{{{ sendall

\function{sendall}
\synopsis{Send all the data on a connected socket}
\usage{Int_Type n = sendall (FD_Type s, BString_Type data ; timeout=secs)}
\description
  The \ifun{sendall} function sends all of \var{data} (a String or a
  BString) on the socket \var{s}, calling \ifun{send} as many times as
  needed, and returns the number of bytes sent, that is the length of
  \var{data}, as an Int_Type (a Long_Type only for data longer than
  2147483647 bytes).  \icon{MSG_NOSIGNAL} is used, as by \ifun{send}.

  If it cannot send everything, it raises \exc{SocketError} (with
  \var{errno} set) and no data goes silently missing: the \exmp{object}
  field of the exception (see \ifun{__get_exception_info}) holds the
  number of bytes that were sent before the failure (an Int_Type, or
  a Long_Type beyond 2147483647).  A descriptor that is not a socket
  raises \exc{TypeMismatchError} instead.  The
  \exmp{timeout} limits the whole call, not each system call.  On a
  non-blocking socket without the \exmp{timeout} qualifier, a full
  buffer raises \exc{SocketError} with \icon{EAGAIN}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
#v+
    try
      {
         () = sendall (s, data; timeout=30.0);
      }
    catch SocketError:
      {
         variable e = __get_exception_info ();
         vmessage ("%s; %d of %d bytes sent", e.message, e.object,
                   bstrlen (data));
      }
#v-
\seealso{send, write, recv}
\done

#%}}}

#%{{{ sendfile

\function{sendfile}
\synopsis{Send (part of) a file on a connected stream socket, zero-copy}
\usage{Int_Type n = sendfile (FD_Type s, FD_Type file, offset, count ; timeout=secs)}
\description
  The \ifun{sendfile} function sends \var{count} bytes of \var{file},
  starting at byte \var{offset}, on the connected \icon{SOCK_STREAM}
  socket \var{s} (TCP over IPv4 or IPv6, or a unix stream socket), and
  returns the number of bytes sent as an Int_Type (a Long_Type beyond
  2147483647).  Where the kernel can, the bytes go from the file to the
  socket with \exmp{sendfile(2)}, without passing through the
  interpreter.  \var{file} is an FD_Type (from \ifun{open}, or
  \exmp{fileno} of a File_Type: the File_Type's own buffer is not
  looked at).

  \var{offset} is an integer of any integer type, 0 or more (offsets
  past 2 GiB are fine): the bytes are read from there and the file's
  position is not moved, as with Python's \exmp{socket.sendfile} and
  \exmp{pread(2)}.  With \var{offset} \NULL the bytes are read from the
  file's own position, which is left just after the bytes that went out
  (\exmp{sendfile(2)} with a \NULL offset); that is the way to send from
  a pipe, which has no offsets.  \var{count} is an integer, 0 or more
  (0 sends nothing), or \NULL for "up to the end of the file".  Fewer
  than \var{count} bytes are sent only when the end of the file comes
  first; an \var{offset} at or past the end returns 0.

  Where \exmp{sendfile(2)} refuses the file (\icon{EINVAL} or
  \icon{ENOSYS}: a pipe, a socket, a directory, some \exmp{/proc} files),
  the rest is read with \exmp{pread(2)} (or \exmp{read(2)} from a file
  that cannot seek) in pieces of 64 KiB and sent as by \ifun{sendall},
  with the same results and errors.  From a file that cannot seek, the
  bytes read but not sent when an error stops the call are lost; the
  message says how many (at most 64 KiB).  A seekable file's position
  (\NULL \var{offset}) is set back to just after the bytes that went
  out.

  The call raises \exc{SocketError} (with \var{errno} set) if it cannot
  send what it should, and no data goes silently missing: the
  \exmp{object} field of the exception (see \ifun{__get_exception_info})
  holds the number of bytes that did go out before the failure (an
  Int_Type, or a Long_Type beyond 2147483647), as for \ifun{sendall}; the
  message says it too.  A peer that has gone away gives \icon{EPIPE},
  never SIGPIPE.  A file that cannot be read (closed: \icon{EBADF};
  opened write-only: \icon{EBADF}; a directory: \icon{EISDIR}) is a
  \exc{SocketError} naming the reason, and an \var{offset} on a pipe is
  \icon{ESPIPE}.  Bad arguments raise the usual classes: a \var{file}
  that is not an FD_Type, or an \var{offset} or \var{count} that is not
  an integer or \NULL, \exc{TypeMismatchError}; a negative or too large
  \var{offset} or \var{count}, or a socket that is not
  \icon{SOCK_STREAM}, \exc{InvalidParmError}; a descriptor \var{s} that
  is not a socket, \exc{TypeMismatchError}.

  The \exmp{timeout} limits the whole call (waiting for room on the
  socket and, from a pipe, for data to read), not each system call;
  then \exc{SocketError} with \icon{ETIMEDOUT}.  With it, \var{s} is made
  non-blocking while the call runs and its blocking mode is restored
  afterwards.  On a non-blocking socket without the \exmp{timeout}
  qualifier, a full buffer raises \exc{SocketError} with \icon{EAGAIN}.
  Signals are handled as for \ifun{sendall}: a S-Lang signal handler
  that throws ends the call with its exception, otherwise the call goes
  on; a handler that closes \var{s} or \var{file} ends it with
  \icon{EBADF} and the count in the \exmp{object} (a closed \var{file}
  is noticed when the socket next has room).
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
  Serve a file after its header (see \exmp{examples/http_server.sl}):
#v+
    variable st = stat_file (path), fd = open (path, O_RDONLY);
    () = sendall (c, sprintf ("HTTP/1.0 200 OK\r\nContent-Length: %S\r\n\r\n",
                              st.st_size));
    try
      {
         () = sendfile (c, fd, 0, st.st_size; timeout=30.0);
      }
    catch SocketError:
      {
         vmessage ("%s; %d bytes sent", __get_exception_info ().message,
                   __get_exception_info ().object);
      }
#v-
  Send what a pipe gives until its writer closes it:
#v+
    variable fp = popen ("gzip -c log", "r");
    n = sendfile (s, fileno (fp), NULL, NULL);
    () = pclose (fp);
#v-
\seealso{sendall, send, open, fileno, __get_exception_info}
\done

#%}}}

#%{{{ send_fds

\function{send_fds}
\synopsis{Pass open descriptors to another process}
\usage{Int_Type n = send_fds (FD_Type s, BString_Type data, fds ; timeout=secs)}
\description
  The \ifun{send_fds} function sends \var{data} (a String or a BString)
  together with copies of the open descriptors \var{fds} (an Array of
  \dtype{FD_Type}, or a single \dtype{FD_Type}) over the unix domain
  socket \var{s} (\icon{SCM_RIGHTS}).  It returns the number of bytes
  of \var{data} sent (an Int_Type).  The receiver gets them with
  \ifun{recv_fds}.  Linux passes at most 253 descriptors in one call.
  The sender's descriptors remain open and may be closed once sent.
  Any kind of descriptor can be passed: sockets, pipes, files.

  On a \icon{SOCK_STREAM} socket the descriptors travel with the
  data, so \var{data} must hold at least one byte: empty data with at
  least one descriptor raises \exc{InvalidParmError} (Linux would
  silently drop the descriptors).  On \icon{SOCK_DGRAM} and
  \icon{SOCK_SEQPACKET} sockets an empty message can carry them.

  A socket that is not in the unix domain, or more than 253
  descriptors, raise \exc{InvalidParmError}; a closed \dtype{FD_Type}
  among \var{fds} raises \exc{SocketError} with \icon{EBADF}.  Upon
  other errors, a \exc{SocketError} exception is thrown and
  \var{errno} set.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
  Handing an accepted connection to a worker process:
#v+
    c = accept (listener);
    () = send_fds (worker, "C", c);
    close (c);
#v-
\seealso{recv_fds, socketpair, send, SCM_RIGHTS}
\done

#%}}}

#%{{{ recv_fds

\function{recv_fds}
\synopsis{Receive open descriptors from another process}
\usage{(data, fds) = recv_fds (FD_Type s, Int_Type maxlen, Int_Type maxfds ; timeout=secs)}
\description
  The \ifun{recv_fds} function receives at most \var{maxlen} bytes
  and at most \var{maxfds} descriptors sent with \ifun{send_fds} over
  the unix domain socket \var{s}.  It returns the data as a BString and
  the descriptors as an Array of \dtype{FD_Type} (empty if none came
  with the data).  The received descriptors are close-on-exec.  At end
  of stream it returns an empty BString and an empty array.  As for
  \ifun{recv}, a read from a stream socket returns at most 1 MiB per
  call, and on other socket types a \var{maxlen} above 1 MiB makes
  the size of the next message be peeked first.

  Room is left for the credentials that a socket with
  \icon{SO_PASSCRED} set also receives; they are not returned.  If
  more descriptors arrived than \var{maxfds} allows, or the control
  data was truncated (\icon{MSG_CTRUNC}), all the descriptors that did
  arrive are closed, so none leaks, and \exc{SocketError} is thrown
  with \var{errno} \icon{EMSGSIZE}.  The data of that message has
  been consumed and is lost too: give a \var{maxfds} as large as the
  sender may send.  \var{maxfds} must be between 0 and 253 and
  \var{maxlen} not negative, else \exc{InvalidParmError} is raised,
  as it is for a socket not in the unix domain.  Upon other errors, a
  \exc{SocketError} exception is thrown and \var{errno} set.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
#v+
    (data, fds) = recv_fds (boss, 1, 1);
    if (length (fds))
      {
         variable c = fds[0];
         () = sendall (c, "served by worker\n");
         close (c);
      }
#v-
\seealso{send_fds, socketpair, recv, SCM_RIGHTS}
\done

#%}}}

#%{{{ sendmsg

\function{sendmsg}
\synopsis{Send data with ancillary (control) data}
\usage{Int_Type n = sendmsg (FD_Type s, data, anc, Int_Type flags [, address-args] ; timeout=secs)}
\description
  The \ifun{sendmsg} function sends \var{data} (a String or a BString)
  on the socket \var{s} together with the ancillary messages \var{anc}
  in one \exmp{sendmsg(2)} call, and returns the number of bytes of
  \var{data} sent (an Int_Type).  \var{flags} are those of
  \ifun{send}.  With \var{address-args} (as for \ifun{sendto}) the
  message goes to that address; without them the socket must be
  connected.

  \var{anc} is \NULL (no ancillary data), or a List (or Array) of
  structures \exmp{{level, type, data}}, one per control message.
  \var{data} is encoded by the kind of message:
#v+
    level         type             data
    SOL_SOCKET    SCM_RIGHTS       Array of FD_Type (or one FD_Type):
                                   descriptors to pass (unix sockets)
    SOL_SOCKET    SCM_CREDENTIALS  Struct {pid, uid, gid} (unix sockets;
                                   the kernel checks them)
    SOL_IP        IP_PKTINFO       Struct {ifindex, spec_dst, addr}:
                                   source address spec_dst ("0.0.0.0":
                                   any) and outgoing interface index
    SOL_IPV6      IPV6_PKTINFO     Struct {ifindex, addr}: source address
                                   ("::": any) and outgoing interface
    SOL_IP        IP_TTL, IP_TOS   Int
    SOL_IPV6      IPV6_HOPLIMIT,   Int
                  IPV6_TCLASS
    SOL_SOCKET    SO_TIMESTAMP,    Double seconds (the kernel takes no
                  SO_TIMESTAMPNS   timestamp from a sender)
    SOL_IP        IP_RECVERR       Struct {ee_errno, ee_origin, ee_type,
    SOL_IPV6      IPV6_RECVERR     ee_code, ee_info, ee_data} (offender
                                   is not encoded; no kernel takes it)
    anything else                  BString (or String): the raw bytes
#v-
  A BString is taken as the raw bytes of any kind.  The descriptors of
  \icon{SCM_RIGHTS} stay open until the message has been sent; at most
  253 go in one message.  \icon{SCM_RIGHTS} and \icon{SCM_CREDENTIALS}
  on a socket that is not in the unix domain raise
  \exc{InvalidParmError} (the kernel would drop them silently), as do
  descriptors with empty data on a \icon{SOCK_STREAM} socket.

  A wrong type (\var{anc} not a List, an item not a structure with
  these three fields, data not of its kind) raises
  \exc{TypeMismatchError}; a bad address in a packet information
  structure or more than 253 descriptors \exc{InvalidParmError}.  Upon
  other errors, a \exc{SocketError} exception is thrown and \var{errno}
  set; the kernel refuses a kind it does not take (\icon{EINVAL}).
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
  Sending a datagram from a chosen source address on a socket bound to
  the wildcard address:
#v+
    pi = struct { ifindex = 0, spec_dst = "127.0.0.2", addr = "0.0.0.0" };
    () = sendmsg (u, "pong", {struct {level = SOL_IP, type = IP_PKTINFO, data = pi}},
                  0, host, port);
#v-
  Passing descriptors with the credentials:
#v+
    cred = struct { pid = getpid (), uid = getuid (), gid = getgid () };
    () = sendmsg (s, "x", {struct {level = SOL_SOCKET, type = SCM_RIGHTS, data = [f, g]},
                           struct {level = SOL_SOCKET, type = SCM_CREDENTIALS, data = cred}}, 0);
#v-
\seealso{recvmsg, send_fds, sendto, CMSG_SPACE, SCM_RIGHTS, IP_PKTINFO, IPV6_PKTINFO}
\done

#%}}}

#%{{{ recvmsg

\function{recvmsg}
\synopsis{Receive data with its ancillary (control) data}
\usage{(data, anc, flags, address-args) = recvmsg (FD_Type s, Int_Type maxlen, Int_Type ancsize, Int_Type flags ; timeout=secs)}
\description
  The \ifun{recvmsg} function receives one message of at most
  \var{maxlen} bytes from the socket \var{s}, with at most
  \var{ancsize} bytes of ancillary data, in one \exmp{recvmsg(2)}
  call.  It returns the data as a BString, the ancillary messages as a
  List of structures \exmp{{level, type, data}}, the message flags,
  and the sender's address-args as \ifun{recvfrom} does (a path for a
  unix socket, \exmp{""} for an unnamed sender; host and port for an
  internet socket, the peer's for a connected stream socket, \NULL
  values if the peer is already gone).  \var{flags} are those of
  \ifun{recv}, with \icon{MSG_ERRQUEUE} to read queued errors.

  The returned flags carry \icon{MSG_TRUNC} when the datagram was
  longer than \var{maxlen} (the data is cut to \var{maxlen}),
  \icon{MSG_CTRUNC} when ancillary data did not fit in \var{ancsize},
  and \icon{MSG_EOR}, \icon{MSG_OOB} or \icon{MSG_ERRQUEUE} as the
  kernel sets them.  \var{ancsize} counts bytes: \exmp{CMSG_SPACE (n)}
  for each message of \var{n} data bytes, e.g.
  \exmp{CMSG_SPACE (4 * 10)} for up to ten descriptors; 0 for none.

  The data of each message is decoded by its kind, as \ifun{sendmsg}
  encodes it: \icon{SCM_RIGHTS} an Array of \dtype{FD_Type} (the
  received descriptors are close-on-exec), \icon{SCM_CREDENTIALS} a
  Struct \exmp{{pid, uid, gid}} (with \icon{SO_PASSCRED} set),
  \icon{IP_PKTINFO} a Struct \exmp{{ifindex, spec_dst, addr}} (the
  arrival interface, the local address the packet was sent to, and
  the destination in its header; with \icon{IP_PKTINFO} set),
  \icon{IPV6_PKTINFO} a Struct \exmp{{ifindex, addr}} (with
  \icon{IPV6_RECVPKTINFO}), \icon{IP_TTL} (\icon{IP_RECVTTL}),
  \icon{IP_TOS} (\icon{IP_RECVTOS}), \icon{IPV6_HOPLIMIT}
  (\icon{IPV6_RECVHOPLIMIT}) and \icon{IPV6_TCLASS}
  (\icon{IPV6_RECVTCLASS}) an Int, \icon{SO_TIMESTAMP} and
  \icon{SO_TIMESTAMPNS} the arrival time in seconds since the epoch (a
  Double), \icon{IP_RECVERR} and \icon{IPV6_RECVERR} a Struct
  \exmp{{ee_errno, ee_origin, ee_type, ee_code, ee_info, ee_data,
  offender}} where \exmp{offender} is a List of the address-args of the
  host that reported the error (\exmp{connect (s, __push_list
  (e.offender))} takes it), or \NULL.  Any other message, or one whose
  length does not match its kind, is the raw BString.

  Descriptors that did not fit in \var{ancsize} are closed by the
  kernel, and any descriptor received is closed if the call fails
  after the message arrived: none leaks.  As for \ifun{recv}, a read
  from a stream socket returns at most 1 MiB, and on other socket
  types a \var{maxlen} above 1 MiB makes the size of the next message
  be peeked first.  A negative \var{maxlen}, or an \var{ancsize}
  outside 0 to 1 MiB, raises \exc{InvalidParmError}.  Upon other
  errors, a \exc{SocketError} exception is thrown and \var{errno} set.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError}, \icon{ETIMEDOUT}}
\example
  Which local address did a datagram arrive on?
#v+
    setsockopt (u, SOL_IP, IP_PKTINFO, 1);
    (data, anc, flags, host, port) = recvmsg (u, 2048, 256, 0);
    foreach item (anc)
      if ((item.level == SOL_IP) && (item.type == IP_PKTINFO))
        vmessage ("to %s on interface %d", item.data.spec_dst, item.data.ifindex);
#v-
  Why did a datagram fail?
#v+
    setsockopt (u, SOL_IP, IP_RECVERR, 1);
    () = sendto (u, "ping", 0, "127.0.0.1", closed_port);
    (data, anc, flags, host, port) = recvmsg (u, 2048, 512, MSG_ERRQUEUE);
    % anc[0].data.ee_errno == ECONNREFUSED
#v-
\seealso{sendmsg, recv_fds, recvfrom, CMSG_SPACE, MSG_CTRUNC, MSG_ERRQUEUE, SCM_RIGHTS, IP_PKTINFO}
\done

#%}}}

#%{{{ CMSG_SPACE

\function{CMSG_SPACE}
\synopsis{Bytes of ancillary data a control message takes}
\usage{Int_Type CMSG_SPACE (Int_Type length); Int_Type CMSG_LEN (Int_Type length)}
\description
  \ifun{CMSG_SPACE} returns the room, in bytes, that one control
  message with \var{length} bytes of data takes in the ancillary
  buffer, padding included: add them up for the \var{ancsize} of
  \ifun{recvmsg}.  \ifun{CMSG_LEN} returns the length of such a
  message without the final padding.  They are the C macros of the
  same names.  A \var{length} outside 0 to 1 MiB raises
  \exc{InvalidParmError}.
\example
#v+
    % room for up to 8 descriptors and the sender's credentials
    ancsize = CMSG_SPACE (8 * 4) + CMSG_SPACE (12);
#v-
\seealso{recvmsg, sendmsg}
\done

\function{CMSG_LEN}
\synopsis{Length of a control message of a given data length}
\usage{Int_Type CMSG_LEN (Int_Type length)}
\seealso{CMSG_SPACE, recvmsg}
\done

#%}}}

#%{{{ getaddrinfo

\function{getaddrinfo}
\synopsis{Resolve a host and service to socket addresses}
\usage{Struct_Type[] getaddrinfo (host, service [, family [, socktype [, protocol [, flags]]]])}
\description
  The \ifun{getaddrinfo} function resolves the \var{host} (a name or a
  numeric address, or NULL or \exmp{""} for none) and the \var{service}
  (an Integer port, a String service name or number, or NULL) and
  returns an array of structures, one per address, with the fields
#v+
    family      Int     AF_INET, AF_INET6
    socktype    Int     SOCK_STREAM, SOCK_DGRAM, ...
    protocol    Int     IPPROTO_TCP, IPPROTO_UDP, ...
    canonname   String  canonical name of the host (AI_CANONNAME,
                        first entry only), else NULL
    host        String  numeric address
    port        Int     port number
#v-
  The \var{host} and \var{port} fields are address-args that can be
  passed to \ifun{connect} or \ifun{bind} on a socket made with
  \exmp{socket (a.family, a.socktype, a.protocol)}.

  The optional arguments restrict the answer: \var{family}
  (\icon{AF_UNSPEC}, the default, \icon{AF_INET} or \icon{AF_INET6}),
  \var{socktype} and \var{protocol} (0, the default, for any), and
  \var{flags}, \icon{AI_*} constants or-ed together (default 0).
  With no \var{host}, the loopback address is returned, or with
  \icon{AI_PASSIVE} the wildcard address for \ifun{bind}.  Giving
  neither a host nor a service raises \exc{InvalidParmError}.

  Upon failure, a \exc{SocketHError} is thrown naming the host and the
  resolver's reason, and \var{h_errno} is set: \icon{HOST_NOT_FOUND}
  for an unknown name, \icon{TRY_AGAIN} for a temporary failure,
  \icon{NO_RECOVERY} for a permanent one, \icon{NO_DATA} for a name
  without addresses of the requested family.
\example
#v+
    foreach a (getaddrinfo ("localhost", "http", AF_UNSPEC, SOCK_STREAM))
      vmessage ("%d %s %d", a.family, a.host, a.port);

    try
      {
         () = getaddrinfo ("no.such.host.invalid", NULL);
      }
    catch SocketHError:
      {
         if (h_errno == HOST_NOT_FOUND) message ("unknown host");
      }
#v-
\notes
  A name lookup may take long when a name server does not answer, and
  \ifun{getaddrinfo} has no time limit.  The \exmp{timeout} qualifier
  of \ifun{connect}, \ifun{sendto} and \ifun{create_connection}
  bounds their lookups (done in a helper thread).
\seealso{getnameinfo, create_connection, connect, AI_PASSIVE, h_errno, SocketHError}
\done

#%}}}

#%{{{ getnameinfo

\function{getnameinfo}
\synopsis{Translate an address to a host and a service name}
\usage{(host, service) = getnameinfo (String_Type host, Int_Type port [, Int_Type flags])}
\description
  The \ifun{getnameinfo} function is the converse of
  \ifun{getaddrinfo}: given a numeric address (IPv4 or IPv6, as
  returned by \ifun{accept}, \ifun{getpeername} or \ifun{recvfrom};
  anything else raises \exc{InvalidParmError}) and a port (an Integer
  or a service String), it returns the host name (by reverse lookup) and the
  service name, both Strings.  The optional \var{flags} are
  \icon{NI_*} constants or-ed together (default 0): e.g.
  \icon{NI_NUMERICSERV} returns the port as a number,
  \icon{NI_NAMEREQD} makes a missing host name an error rather than
  returning the numeric address.

  Upon failure, a \exc{SocketHError} is thrown and \var{h_errno} set.
\example
#v+
    c = accept (s, &host, &port);
    (name, service) = getnameinfo (host, port);
#v-
\seealso{getaddrinfo, getpeername, accept, NI_NUMERICHOST}
\done

#%}}}

#%{{{ inet_pton

\function{inet_pton}
\synopsis{Convert an address from text to binary form}
\usage{BString_Type inet_pton (Int_Type family, String_Type text)}
\description
  The \ifun{inet_pton} function converts the numeric address
  \var{text} of the given \var{family} (\icon{AF_INET} or
  \icon{AF_INET6}) to its binary form in network byte order: a BString
  of 4 or 16 bytes.  Text that is not a valid address of that family,
  or another family, raises \exc{InvalidParmError}.
\example
#v+
    b = inet_pton (AF_INET, "192.0.2.1");     % "\xC0\x00\x02\x01"
    b6 = inet_pton (AF_INET6, "::1");         % 16 bytes
#v-
\seealso{inet_ntop, getaddrinfo}
\done

#%}}}

#%{{{ inet_ntop

\function{inet_ntop}
\synopsis{Convert an address from binary to text form}
\usage{String_Type inet_ntop (Int_Type family, BString_Type bytes)}
\description
  The \ifun{inet_ntop} function converts the binary address
  \var{bytes} (network byte order, 4 bytes for \icon{AF_INET}, 16 for
  \icon{AF_INET6}) to its text form.  A length that does not match the
  family, or another family, raises \exc{InvalidParmError}.
\example
#v+
    text = inet_ntop (AF_INET6, inet_pton (AF_INET6, "0:0::1"));   % "::1"
#v-
\seealso{inet_pton, getnameinfo}
\done

#%}}}

#%{{{ if_nametoindex

\function{if_nametoindex}
\synopsis{The index of a network interface}
\usage{Int_Type if_nametoindex (String_Type name)}
\description
  Returns the index of the interface called \var{name} (such as
  \exmp{"lo"} or \exmp{"eth0"}), as \exmp{ipv6mr_interface}, a scoped
  IPv6 address (\exmp{"fe80::1%2"}) or \icon{IPV6_MULTICAST_IF} take it.
  An interface that does not exist raises \exc{SocketError} with
  \var{errno} \icon{ENODEV}; a non-String is a \exc{TypeMismatchError}.
\example
#v+
    lo = if_nametoindex ("lo");
    setsockopt (s, IPPROTO_IPV6, IPV6_JOIN_GROUP,
                struct {ipv6mr_multiaddr = "ff02::1234", ipv6mr_interface = lo});
#v-
\seealso{if_indextoname, if_nameindex, getifaddrs}
\done

#%}}}

#%{{{ if_indextoname

\function{if_indextoname}
\synopsis{The name of a network interface}
\usage{String_Type if_indextoname (Int_Type index)}
\description
  Returns the name of the interface with the given index.  An index that
  no interface has (0, or one not in use) raises \exc{SocketError}
  (\icon{ENXIO}); an index that does not fit an Int is an
  \exc{InvalidParmError}.
\seealso{if_nametoindex, if_nameindex, getifaddrs}
\done

#%}}}

#%{{{ if_nameindex

\function{if_nameindex}
\synopsis{The machine's network interfaces}
\usage{Struct_Type[] if_nameindex ()}
\description
  Returns an array with one \exmp{struct {index, name}} per interface
  (up or not), as the C function of the same name.
\example
#v+
    foreach x (if_nameindex ()) vmessage ("%d %s", x.index, x.name);
#v-
\seealso{if_nametoindex, if_indextoname, getifaddrs}
\done

#%}}}

#%{{{ getifaddrs

\function{getifaddrs}
\synopsis{The addresses of the machine's network interfaces}
\usage{Struct_Type[] getifaddrs ()}
\description
  Returns an array with one structure per interface address:
#v+
    struct {name, index, flags, family, addr, netmask, broadaddr}
#v-
  \exmp{name} and \exmp{index} name the interface, \exmp{flags} holds
  its \icon{IFF_UP}, \icon{IFF_LOOPBACK}, \icon{IFF_BROADCAST},
  \icon{IFF_POINTOPOINT}, \icon{IFF_RUNNING} and \icon{IFF_MULTICAST}
  bits, and \exmp{family} is \icon{AF_INET}, \icon{AF_INET6} or
  \icon{AF_PACKET} (the interface's hardware address).  The addresses
  are numeric Strings (\exmp{"127.0.0.1"}, \exmp{"fe80::1%eth0"}; a
  hardware address as \exmp{"02:fc:00:00:00:01"}), or NULL where the
  interface has none (\exmp{broadaddr} is NULL unless the interface
  broadcasts or is point-to-point).  Nothing is looked up.
\example
#v+
    foreach x (getifaddrs ())
      if (x.family == AF_INET) vmessage ("%s %s/%s", x.name, x.addr, x.netmask);
#v-
\seealso{if_nameindex, if_nametoindex, gethostname}
\done

#%}}}

#%{{{ gethostname

\function{gethostname}
\synopsis{The name of this machine}
\usage{String_Type gethostname ()}
\description
  Returns the host name, as \exmp{hostname(1)} prints it.  It is not
  looked up: \ifun{getaddrinfo} gives its addresses, if any.
\seealso{getifaddrs, getaddrinfo}
\done

#%}}}

#%{{{ create_connection

\function{create_connection}
\synopsis{Connect to a host and port, trying IPv6 and IPv4 together}
\usage{FD_Type create_connection (host, port ; timeout=secs, source=addr, source_port=n, family=domain)}
\description
  The \ifun{create_connection} function resolves \var{host} (a name or
  a numeric address) and \var{port} (an Integer or a service String)
  and returns a stream socket connected to one of the addresses, in
  blocking mode and close-on-exec.  A numeric host is not passed to the
  resolver.

  A name is looked up once per family, the two lookups in parallel
  (RFC 8305 section 3): connecting starts as soon as the IPv6 (AAAA)
  answer comes, or 50 milliseconds after the IPv4 (A) answer if the
  AAAA one has not come by then; addresses of a family that answers
  later join the race.  A family whose lookup never answers (a name
  server that drops AAAA queries, say) therefore does not delay the
  other, where a single lookup for both would wait out the resolver's
  timeout.  With \exmp{family=} or \exmp{source=} there is one lookup.

  The addresses are tried as RFC 8305 ("Happy Eyeballs" version 2)
  says: the two families are interleaved, starting with IPv6 (with one
  lookup: the family of the resolver's first result) and then
  alternating, each family in the resolver's order.  A new attempt is started every 250 milliseconds while the
  earlier ones are still pending, without waiting for them to fail;
  when an attempt fails (or its socket cannot be made or bound), the
  next one starts at once.  The first attempt to connect wins and the
  others are closed.  A host that is reachable over only one of IPv4
  and IPv6, or whose first addresses do not answer, is thus reached
  quickly.  Connecting the returned socket again elsewhere raises
  \exc{SocketError} with \icon{EISCONN}.

  Upon failure it throws \exc{SocketHError} if the name cannot be
  resolved (\var{h_errno} set), \exc{SocketError} with \var{errno}
  \icon{ETIMEDOUT} if the time limit expires, or otherwise
  \exc{SocketError} with the error of the last attempt (for example
  \icon{ECONNREFUSED}).
\qualifiers
\qualifier{timeout=secs}{one time limit in seconds for the whole call,
    name resolution and all attempts included (default: none)}
\qualifier{source=addr}{a numeric local address (a String) to bind
    to before connecting; only addresses of its family are tried}
\qualifier{source_port=n}{the local port to bind to (an Integer,
    default 0: any); with \exmp{source}, on that address, alone, on
    the any-address of each attempt's family}
\qualifier{family=domain}{resolve only \icon{PF_INET} or \icon{PF_INET6}
    addresses (default \icon{PF_UNSPEC}: both)}

  Name resolution runs in a helper thread, so the \exmp{timeout} holds
  even when a name server does not answer: at the deadline the lookup
  is abandoned (its thread ends when the system resolver gives up).
  At most 64 abandoned lookups may still be running at once; past
  that, a lookup fails at once with \exc{SocketHError}, \var{h_errno}
  \icon{TRY_AGAIN} and \var{errno} \icon{EAGAIN}, so that a loop of short deadlines against a dead name
  server does not pile up threads.  Without \exmp{timeout}, each attempt lasts as long as
  the system lets a connection attempt last.  A \exmp{family} other
  than those three, a \exmp{source} that is not a numeric address, or
  a \exmp{source_port} outside 0 to 65535 raises
  \exc{InvalidParmError}; a \exmp{source} that is not a String raises
  \exc{TypeMismatchError}.  If the host has addresses but none of the
  family of \exmp{source}, \exc{SocketError} is thrown with \var{errno}
  \icon{EAFNOSUPPORT}; if it has none of \exmp{family},
  \exc{SocketHError}.
\example
#v+
    s = create_connection ("www.example.com", 80; timeout=10.0);
    () = sendall (s, "HEAD / HTTP/1.0\r\nHost: www.example.com\r\n\r\n");
    print (recv (s, 4096));

    s = create_connection ("localhost", 8080; source="127.0.0.1");
    s = create_connection ("::1", 8080; source_port=5555);
#v-
\seealso{connect, create_server, getaddrinfo, socket}
\done

#%}}}

#%{{{ create_server

\function{create_server}
\synopsis{Create a listening socket in one step}
\usage{FD_Type create_server (host, port ; backlog=128, reuse_port=0, dualstack=1, family=domain, mode=perm, unlink=1)}
\description
  The \ifun{create_server} function creates a stream socket bound to
  \var{host} and \var{port}, listening, close-on-exec, and returns it.
  For the internet domains \icon{SO_REUSEADDR} is set, so a restarted
  server can bind again at once.  Port 0 lets the system choose a port; \ifun{getsockname}
  tells which.

  With \var{host} \exmp{""} and \exmp{dualstack} on (the default), the
  socket is an IPv6 socket with \icon{IPV6_V6ONLY} off, reachable over
  both IPv6 and IPv4 (IPv4 clients appear as
  \exmp{"::ffff:a.b.c.d"}); on a system without IPv6 it is an IPv4
  socket bound to \exmp{"0.0.0.0"}.  With \exmp{dualstack=0} and host
  \exmp{""}, it is an IPv4 socket bound to \exmp{"0.0.0.0"}.  Any other
  host is resolved (for the \exmp{family}, if given) and the socket is
  bound to its first address; an IPv6 socket bound to a specific
  address has \icon{IPV6_V6ONLY} on.

  With \exmp{family=PF_UNIX}, \var{host} is the path of a unix socket
  (or a BString abstract name) and \var{port} may be left out or
  NULL; it is ignored.  The path is handled as \ifun{bind} describes:
  stale sockets are replaced, other files never touched, the path is
  removed when the socket is last closed in the process that created
  it (unless \exmp{unlink=0}: a pre-fork server whose workers outlive
  the parent's listener keeps its path that way), and \exmp{mode}
  sets its permissions.

  Upon failure, a \exc{SocketError} exception is thrown (or
  \exc{SocketHError} if the host cannot be resolved).
\qualifiers
\qualifier{backlog=n}{the \ifun{listen} backlog (default 128)}
\qualifier{reuse_port=0|1}{set \icon{SO_REUSEPORT}, so that several
    sockets can share the port (default 0)}
\qualifier{dualstack=0|1}{for host \exmp{""}: listen on IPv6 and IPv4
    at once (default 1)}
\qualifier{family=domain}{\icon{PF_INET}, \icon{PF_INET6} or
    \icon{PF_UNIX} (default: from the host)}
\qualifier{mode=perm}{unix sockets: the permission bits of the socket
    file, as for \ifun{bind}}
\qualifier{unlink=0|1}{unix sockets: remove the path when the socket
    is closed, as for \ifun{bind} (default 1)}
\example
#v+
    server = create_server ("", 8080);
    forever
      {
         c = accept (server, &host, &port);
         () = sendall (c, "hello " + host + "\n");
         close (c);
      }

    local = create_server ("127.0.0.1", 0);
    (, port) = getsockname (local);

    u = create_server ("/tmp/myapp.sock"; family=PF_UNIX, mode=0600);

    % pre-fork: the workers keep serving after the parent closes u
    u = create_server ("/tmp/myapp.sock"; family=PF_UNIX, unlink=0);
#v-
\seealso{create_connection, bind, listen, accept, socket, SO_REUSEADDR, IPV6_V6ONLY}
\done

#%}}}

#%{{{ poll

\function{poll}
\synopsis{Wait for events on a set of descriptors}
\usage{Int_Type[] poll (fds, events, Double_Type timeout)}
\description
  The \ifun{poll} function waits until one of the descriptors
  \var{fds} is ready for one of the \var{events} (\icon{POLLIN}, \icon{POLLOUT},
  \icon{POLLPRI}, \icon{POLLRDHUP} or-ed together; an Integer for all
  descriptors, or an Integer array with one element per descriptor),
  or until \var{timeout} seconds have passed.  A \var{timeout} of 0
  returns at once; a negative one waits forever; NaN raises
  \exc{InvalidParmError}.  The \var{events} are converted to
  Int_Type by the interpreter, which keeps only the low 32 bits of a
  Long: unlike the other integer arguments of this module, they are
  not checked.

  \var{fds} is a single \dtype{FD_Type} or \dtype{Stream_Type} (see
  \ifun{stream_new}), an Array of either, or an \exmp{Any_Type} array
  or a List that mixes them; for a stream, its descriptor is polled.
  Any other value among them raises \exc{TypeMismatchError}.  A
  stream whose read buffer holds bytes (\ifun{stream_pending} is not
  0), or that has a read error waiting to be raised, is reported
  \icon{POLLIN} at once when \icon{POLLIN} is asked for, without a
  system call for it; \ifun{poll} then does not wait, but still
  reports what is ready on the other descriptors now.  A stream's
  buffer is what \ifun{select} on an \exmp{fdopen}ed file cannot see.
  A closed stream is reported as \icon{POLLNVAL} (as \icon{POLLIN}
  while bytes read before the close are still buffered).

  It returns an Integer array with one element per descriptor (one
  element for a single \dtype{FD_Type} or \dtype{Stream_Type}): the events that occurred on
  it, 0 if none.  \icon{POLLERR}, \icon{POLLHUP} and \icon{POLLNVAL}
  may be reported without having been asked for; a closed
  \dtype{FD_Type} is reported as \icon{POLLNVAL}, also when a signal
  handler closed it during the wait.  When the time runs
  out, every element is 0.  An \var{events} array whose length differs
  from that of \var{fds} raises \exc{InvalidParmError}.

  Any descriptor can be polled, not only sockets (pipes, terminals,
  files).  Unlike \ifun{select}, \ifun{poll} has no limit on the
  descriptor numbers or on how many descriptors are watched.  A signal
  is handled as by the other calls (see \ifun{connect}), and the wait
  then goes on for the rest of the time.
\example
#v+
    r = poll ([s1, s2, s3], POLLIN, 5.0);
    foreach i (where (r & (POLLIN|POLLHUP|POLLERR)))
      handle ([s1, s2, s3][i]);

    if (poll (s, POLLOUT, 0)[0] & POLLOUT)
      message ("s is writable");

    % a listener and the streams of its clients, in one List
    r = poll ({listener, st1, st2}, POLLIN, 30.0);
    if (r[1] & (POLLIN|POLLHUP|POLLERR))
      line = stream_readline (st1; timeout=5.0);
#v-
\seealso{POLLIN, setblocking, recv, accept, connect, stream_new, stream_pending}
\done

#%}}}

#%{{{ setblocking

\function{setblocking}
\synopsis{Put a socket in blocking or non-blocking mode}
\usage{setblocking (FD_Type s, Int_Type flag)}
\description
  The \ifun{setblocking} function puts the socket \var{s} in blocking
  mode if \var{flag} is non-zero, in non-blocking
  mode (\exmp{O_NONBLOCK}) if it is 0.

  On a non-blocking socket, a call that would have to wait raises
  \exc{SocketError} instead, with \var{errno} set to \icon{EAGAIN}
  (\icon{EWOULDBLOCK} is the same value on Linux), or to
  \icon{EINPROGRESS} for \ifun{connect}.  Scripts catch it and wait
  for the socket with \ifun{poll} or the \module{select} module.  The
  \exmp{timeout} qualifier of \ifun{connect}, \ifun{accept},
  \ifun{send} and \ifun{recv} is often simpler.
\example
#v+
    require ("select");
    setblocking (s, 0);
    try
      {
         c = accept (s);
      }
    catch SocketError:
      {
         if (errno != EAGAIN) throw;
         () = select ([s], NULL, NULL, 5.0);
      }
#v-
\seealso{getblocking, poll, connect, SOCK_NONBLOCK}
\done

#%}}}

#%{{{ getblocking

\function{getblocking}
\synopsis{Tell whether a socket is in blocking mode}
\usage{Int_Type getblocking (FD_Type s)}
\description
  The \ifun{getblocking} function returns 1 if the socket \var{s} is
  in blocking mode, 0 if it is non-blocking.
\example
#v+
    s = socket (PF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0);
    flag = getblocking (s);         % 0
#v-
\seealso{setblocking}
\done

#%}}}

#%{{{ stream_new

\function{stream_new}
\synopsis{Put a read and write buffer in front of a descriptor}
\usage{Stream_Type stream_new (FD_Type fd ; bufsize=65536, limit=1048576)}
\description
  The \ifun{stream_new} function returns a \dtype{Stream_Type} object
  (\exmp{typeof} says so) that reads from and writes to the descriptor
  \var{fd} through buffers of its own, for line protocols (SMTP, POP3,
  HTTP heads, IRC, ...) with deadlines: \ifun{stream_readline},
  \ifun{stream_read_until}, \ifun{stream_read},
  \ifun{stream_read_some} read, \ifun{stream_write} and
  \ifun{stream_flush} write, \ifun{stream_close} flushes and closes.
  It is what \exmp{fdopen} and \exmp{fgets} cannot give: every read
  takes \exmp{timeout=secs}, and \ifun{poll} sees the bytes the stream
  has buffered (a stream with buffered bytes is reported
  \icon{POLLIN} at once), where \module{select} on the descriptor of
  an \exmp{fdopen}ed stdio file cannot.

  Any \dtype{FD_Type} works: a socket, either end of a pipe, a
  terminal.  The stream holds a reference to \var{fd} itself (not a
  copy): \ifun{stream_fd} gives it back, and closing it with
  \ifun{close} closes the stream's descriptor too.  The stream never
  changes the descriptor's blocking mode: on a blocking descriptor a
  call without \exmp{timeout} waits as long as it takes; on a
  non-blocking one a call without \exmp{timeout} that would have to
  wait raises \exc{SocketError} with \var{errno} \icon{EAGAIN}, every
  byte kept; with \exmp{timeout} the call waits at most that long
  either way.

  The one rule: no byte is ever lost.  Whatever was read stays in the
  read buffer until a call returns it; a \exmp{timeout} that expires
  (\exc{SocketError}, \icon{ETIMEDOUT}), a line longer than
  \exmp{limit} (\icon{EMSGSIZE}), a non-blocking descriptor with
  nothing more to read (\icon{EAGAIN}) or a signal handler's exception
  all leave the bytes received so far buffered, and the next call
  returns them.  A read error (a connection reset, say) that comes
  after data is raised only once the bytes before it have been
  returned and the buffer is empty; the stream is then at its end.
  Whatever could not be written stays in the write buffer, and the
  exception says how much did go out (see \ifun{stream_write}).

  Read from the stream or from its descriptor, not both: bytes the
  stream has buffered are not seen by \ifun{read} or \ifun{recv} on
  \var{fd}, and bytes taken from \var{fd} directly are not seen by the
  stream.  Mixing them is the caller's problem, as is writing to
  \var{fd} directly while the stream has output buffered.

  When the last reference to a stream goes away, the output still
  buffered is written only as far as the descriptor takes it at once,
  without waiting, and the stream lets go of its reference to
  \var{fd} (the descriptor is closed when its last \dtype{FD_Type}
  reference goes, as usual).  Call \ifun{stream_flush} or
  \ifun{stream_close} to be sure that everything went out.

  A \var{fd} that is not an \dtype{FD_Type} raises
  \exc{TypeMismatchError}; a \exmp{bufsize} or \exmp{limit} below 1
  raises \exc{InvalidParmError}.
\qualifiers
\qualifier{bufsize=n}{the size of each read from the descriptor, the
    initial size of the read buffer, and the amount of output that
    makes \ifun{stream_write} write the buffer out (default 65536)}
\qualifier{limit=n}{the most bytes \ifun{stream_readline} and
    \ifun{stream_read_until} buffer while looking for the end of a
    line or the delimiter (default 1048576); see \ifun{stream_readline}}

  The read buffer grows beyond \exmp{bufsize} as needed: to hold a line
  up to \exmp{limit} bytes, or the \var{n} bytes of \ifun{stream_read}
  (\exmp{limit} does not apply there).  The write buffer grows to hold
  whatever \ifun{stream_write} is given.
\example
#v+
    s = create_connection ("mail.example.org", 25; timeout=10.0);
    st = stream_new (s);
    greeting = stream_readline (st; timeout=30.0);    % "220 ...\r\n"
    () = stream_write (st, "HELO me.example.org\r\n");
    stream_flush (st; timeout=30.0);
    reply = stream_readline (st; timeout=30.0);
    () = stream_write (st, "QUIT\r\n");
    stream_close (st; timeout=30.0);
#v-
\seealso{stream_readline, stream_read_until, stream_read, stream_read_some, stream_pending, stream_write, stream_flush, stream_fd, stream_close, socket_stream, poll}
\done

#%}}}

#%{{{ stream_readline

\function{stream_readline}
\synopsis{Read one line from a stream}
\usage{String_Type stream_readline (Stream_Type st ; timeout=secs)}
\description
  The \ifun{stream_readline} function returns the next line of the
  stream \var{st} as a String, its terminator \exmp{"\\n"} included,
  as \ifun{fgets} does (a line ending in \exmp{"\\r\\n"} keeps both;
  \exmp{strtrim_end} removes them).  It reads from the descriptor only
  when the buffer holds no complete line, as often as needed.  At the
  end of the stream it returns what is left without a terminator, if
  anything, and then \NULL.  For lines that may hold NUL bytes, use
  \exmp{stream_read_until (st, "\\n")}, which returns a BString.

  If \exmp{timeout} expires first, \exc{SocketError} is raised with
  \var{errno} \icon{ETIMEDOUT} and the part of the line received so
  far stays buffered: the next call returns the whole line.  If no
  terminator turns up within the \exmp{limit} given to
  \ifun{stream_new} (the line, terminator included, would be longer),
  \exc{SocketError} is raised with \var{errno} \icon{EMSGSIZE}; the
  bytes read stay buffered (the message says how many), and
  \ifun{stream_read_some} or \ifun{stream_read} takes them, to skip or
  to handle the long line in pieces.  A read error (a connection
  reset, say) that follows data is raised as \exc{SocketError} with
  its \var{errno} only when the buffer is empty: the lines before it
  come first, the unterminated rest as the last one; after the error
  the stream is at its end (\NULL).  A stream that was closed raises
  \exc{SocketError} with \icon{EBADF} when it would have to read.  A
  signal is handled as by the other calls (see \ifun{connect}).

  \exmp{foreach line (st) \{ ... \}} (or \exmp{using ("line")}) gives
  the same lines until the end of the stream, without a timeout and at
  the cost of a loop step rather than of a function call: reading many
  lines, it is about twice as fast (a S-Lang String is hashed when it
  is made, which is most of the cost of either form).
\qualifiers
\qualifier{timeout=secs}{time limit in seconds for the whole call;
    then \exc{SocketError}, \icon{ETIMEDOUT}, nothing lost}
\example
#v+
    forever
      {
         line = stream_readline (st; timeout=60.0);
         if (line == NULL) break;          % end of stream
         handle (strtrim_end (line, "\r\n"));
      }

    try
      {
         line = stream_readline (st; timeout=5.0);
      }
    catch SocketError:
      {
         if (errno != ETIMEDOUT) throw;
         % the partial line is still buffered; try again later
      }
#v-
\seealso{stream_read_until, stream_read_some, stream_new, fgets}
\done

#%}}}

#%{{{ stream_read_until

\function{stream_read_until}
\synopsis{Read from a stream up to a delimiter}
\usage{BString_Type stream_read_until (Stream_Type st, delim ; timeout=secs)}
\description
  The \ifun{stream_read_until} function returns the bytes of the
  stream \var{st} up to and including the first occurrence of
  \var{delim} (a String or BString of one byte or more, e.g.
  \exmp{"\\r\\n\\r\\n"} for the end of an HTTP head) as a BString.  At
  the end of the stream it returns what is left, if anything (without
  \var{delim}), and then \NULL.  An empty \var{delim} raises
  \exc{InvalidParmError}.

  Timeouts, the \exmp{limit} (\icon{EMSGSIZE}, the bytes kept) and
  errors are as for \ifun{stream_readline}: nothing received is lost.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds for the whole call;
    then \exc{SocketError}, \icon{ETIMEDOUT}, nothing lost}
\example
#v+
    head = stream_read_until (st, "\r\n\r\n"; timeout=10.0);
    if ((head == NULL) || (0 == is_substrbytes (head, "\r\n\r\n")))
      throw RunTimeError, "connection closed in the headers";
#v-
\seealso{stream_readline, stream_read, stream_new}
\done

#%}}}

#%{{{ stream_read

\function{stream_read}
\synopsis{Read exactly n bytes from a stream}
\usage{BString_Type stream_read (Stream_Type st, Int_Type n ; timeout=secs)}
\description
  The \ifun{stream_read} function returns the next \var{n} bytes of
  the stream \var{st} as a BString, reading from the descriptor as
  often as needed.  Fewer bytes come back only at the end of the
  stream, and \NULL once nothing is left.  \var{n} of 0 returns an
  empty BString; a negative \var{n} raises \exc{InvalidParmError}.
  The \exmp{limit} of \ifun{stream_new} does not apply: the buffer
  grows to \var{n} bytes.

  If \exmp{timeout} expires first, \exc{SocketError} is raised with
  \var{errno} \icon{ETIMEDOUT} and the bytes received so far stay
  buffered (\ifun{stream_pending} counts them): the next call returns
  them.  Errors are as for \ifun{stream_readline}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds for the whole call;
    then \exc{SocketError}, \icon{ETIMEDOUT}, nothing lost}
\example
  A body of known length after the head:
#v+
    body = stream_read (st, content_length; timeout=30.0);
    if ((body == NULL) || (bstrlen (body) != content_length))
      throw RunTimeError, "short body";
#v-
\seealso{stream_read_some, stream_read_until, stream_pending}
\done

#%}}}

#%{{{ stream_read_some

\function{stream_read_some}
\synopsis{Read what a stream has, or what one read gives}
\usage{BString_Type stream_read_some (Stream_Type st, Int_Type maxlen ; timeout=secs)}
\description
  The \ifun{stream_read_some} function returns at most \var{maxlen}
  bytes of the stream \var{st} as a BString: those already buffered if
  there are any (without a system call), else the result of one read
  from the descriptor (which may be fewer than \var{maxlen}; what
  arrives beyond \var{maxlen} stays buffered).  At the end of the
  stream it returns \NULL.  \var{maxlen} of 0 returns an empty
  BString; a negative one raises \exc{InvalidParmError}.

  It drains a stream after \ifun{stream_readline} raised
  \icon{EMSGSIZE}, and reads a body to the end of the stream.
  Timeouts and errors are as for \ifun{stream_read}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError},
    \icon{ETIMEDOUT}}
\example
#v+
    forever
      {
         data = stream_read_some (st, 65536; timeout=30.0);
         if (data == NULL) break;
         () = fwrite (data, stdout);
      }
#v-
\seealso{stream_read, stream_pending, recv}
\done

#%}}}

#%{{{ stream_pending

\function{stream_pending}
\synopsis{Count the bytes a stream has read but not yet returned}
\usage{Int_Type stream_pending (Stream_Type st)}
\description
  The \ifun{stream_pending} function returns the number of bytes in the
  read buffer of the stream \var{st}: received from the descriptor and
  not yet returned by a read call.  It makes no system call.  Output
  waiting in the write buffer is not counted.  When it is not 0,
  \ifun{poll} reports the stream \icon{POLLIN} at once.
\example
#v+
    try
      {
         line = stream_readline (st; timeout=1.0);
      }
    catch SocketError:
      {
         vmessage ("%d bytes of an incomplete line", stream_pending (st));
      }
#v-
\seealso{stream_read_some, poll}
\done

#%}}}

#%{{{ stream_write

\function{stream_write}
\synopsis{Write to a stream}
\usage{Int_Type stream_write (Stream_Type st, data ; timeout=secs)}
\description
  The \ifun{stream_write} function appends \var{data} (a String or a
  BString) to the write buffer of the stream \var{st} and returns the
  number of bytes accepted, that is the length of \var{data}.  Nothing
  is written while the buffer holds fewer than the \exmp{bufsize}
  bytes given to \ifun{stream_new}; when it reaches \exmp{bufsize},
  the whole buffer is written out before the call returns, waiting as
  long as needed (or until the \exmp{timeout}).  Use
  \ifun{stream_flush} to write out the rest, e.g. after a command the
  peer must answer.

  If the write-out fails, \exc{SocketError} is raised with \var{errno}
  set (\icon{ETIMEDOUT}, \icon{EPIPE}, \icon{EAGAIN} on a
  non-blocking descriptor without \exmp{timeout}, ...); the
  \exmp{object} field of the exception (see
  \ifun{__get_exception_info}) holds the number of bytes that did go
  out in this call (an Int_Type, a Long_Type beyond 2147483647), and
  everything else stays buffered, \var{data} included: do not write
  it again, call \ifun{stream_flush} to try once more.  Writes to a
  socket use \icon{MSG_NOSIGNAL} and writes to a pipe block
  \exmp{SIGPIPE}, so a peer that has gone away gives \icon{EPIPE}, never
  a \exmp{SIGPIPE} that would kill the interpreter.  A closed stream
  raises \exc{SocketError} with \icon{EBADF}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds for writing the buffer
    out; then \exc{SocketError}, \icon{ETIMEDOUT}, nothing lost}
\example
#v+
    () = stream_write (st, "MAIL FROM:<me@example.org>\r\n");
    () = stream_write (st, "RCPT TO:<you@example.org>\r\n");
    stream_flush (st; timeout=30.0);
#v-
\seealso{stream_flush, stream_close, sendall}
\done

#%}}}

#%{{{ stream_flush

\function{stream_flush}
\synopsis{Write out everything a stream has buffered}
\usage{stream_flush (Stream_Type st ; timeout=secs)}
\description
  The \ifun{stream_flush} function writes out the whole write buffer of
  the stream \var{st}, waiting as long as needed (or until the
  \exmp{timeout}), and returns nothing.  With nothing buffered it
  makes no system call.  Upon error it raises \exc{SocketError} as
  \ifun{stream_write} does: the exception's \exmp{object} is the
  number of bytes that did go out, and the rest stays buffered for
  the next \ifun{stream_flush}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds; then \exc{SocketError},
    \icon{ETIMEDOUT}, nothing lost}
\example
#v+
    () = stream_write (st, "QUIT\r\n");
    try
      {
         stream_flush (st; timeout=10.0);
      }
    catch SocketError:
      {
         vmessage ("only %d bytes went out", __get_exception_info ().object);
      }
#v-
\seealso{stream_write, stream_close}
\done

#%}}}

#%{{{ stream_fd

\function{stream_fd}
\synopsis{The descriptor of a stream}
\usage{FD_Type stream_fd (Stream_Type st)}
\description
  The \ifun{stream_fd} function returns the \dtype{FD_Type} the stream
  \var{st} was made from, e.g. for \ifun{setsockopt},
  \ifun{getpeername} or \ifun{shutdown}.  Reading from it or writing
  to it directly bypasses the stream's buffers (see
  \ifun{stream_new}).  After \ifun{stream_close}, it raises
  \exc{SocketError} with \var{errno} \icon{EBADF}.
\example
#v+
    (host, port) = getpeername (stream_fd (st));
#v-
\seealso{stream_new, stream_close}
\done

#%}}}

#%{{{ stream_close

\function{stream_close}
\synopsis{Flush a stream and close its descriptor}
\usage{stream_close (Stream_Type st ; timeout=secs)}
\description
  The \ifun{stream_close} function writes out what the stream
  \var{st} has buffered, as \ifun{stream_flush} does, then closes the
  descriptor with the interpreter's own \ifun{close}, so that every
  \dtype{FD_Type} reference to it (the one given to
  \ifun{stream_new} included) sees it closed, and the path of a unix
  socket is handled as for \ifun{close}.  It returns nothing.

  If the flush fails, \exc{SocketError} is raised as for
  \ifun{stream_flush} (the exception's \exmp{object} is the number of
  bytes that went out) and the stream stays open with the rest
  buffered: call \ifun{stream_close} again, or give up and
  \ifun{close} the descriptor.  Closing a stream that is closed
  already does nothing.  Bytes still in the read buffer can be read
  after the close; any call that needs the descriptor raises
  \exc{SocketError} with \var{errno} \icon{EBADF}.
\qualifiers
\qualifier{timeout=secs}{time limit in seconds for the flush; then
    \exc{SocketError}, \icon{ETIMEDOUT}, the stream still open}
\example
#v+
    () = stream_write (st, "QUIT\r\n");
    stream_close (st; timeout=10.0);
#v-
\seealso{stream_flush, stream_new, close}
\done

#%}}}

#%{{{ socket_stream

\function{socket_stream}
\synopsis{A stream as a struct with methods (lib/socket.sl)}
\usage{Struct_Type socket_stream (fd ; bufsize=65536, limit=1048576)}
\description
  The \ifun{socket_stream} function, defined in socket.sl, wraps
  \exmp{stream_new (fd)} (or an existing \dtype{Stream_Type} given as
  \var{fd}) in a struct whose fields are methods, in the style of
  slsh's csv module:
#v+
    st.readline ()           stream_readline (st.stream)
    st.read_until (delim)    stream_read_until (st.stream, delim)
    st.read (n)              stream_read (st.stream, n)
    st.read_some (maxlen)    stream_read_some (st.stream, maxlen)
    st.pending ()            stream_pending (st.stream)
    st.write (data)          stream_write (st.stream, data)
    st.flush ()              stream_flush (st.stream)
    st.fd ()                 stream_fd (st.stream)
    st.close ()              stream_close (st.stream)
#v-
  Each method passes its arguments and qualifiers
  (\exmp{;timeout=secs}) through and returns what the function
  returns; errors are those of the functions.  The field
  \exmp{stream} holds the \dtype{Stream_Type}, for \ifun{poll}.
\qualifiers
\qualifier{bufsize=n}{as for \ifun{stream_new}}
\qualifier{limit=n}{as for \ifun{stream_new}}
\example
#v+
    st = socket_stream (create_connection ("127.0.0.1", 2525; timeout=5.0));
    greeting = st.readline (; timeout=10.0);
    () = st.write ("QUIT\r\n");
    st.flush (; timeout=10.0);
    bye = st.readline (; timeout=10.0);
    st.close ();
#v-
\seealso{stream_new, poll}
\done

#%}}}

#%{{{ selector_new

\function{selector_new}
\synopsis{Create a selector: a set of watched descriptors over epoll}
\usage{Selector_Type selector_new ()}
\description
  The \ifun{selector_new} function returns a new, empty
  \dtype{Selector_Type} object (\exmp{typeof} says so): a set of
  descriptors, each watched for some events and carrying a value of
  the script's choice, that \ifun{selector_wait} waits on.  It is the
  building block of the event loop (\ifun{eventloop_new}), in the
  manner of Python's \exmp{selectors} module, and is built on Linux's
  \exmp{epoll}: the cost of a \ifun{selector_wait} grows with the
  number of ready descriptors, not with the number of watched ones,
  where \ifun{poll} over an array of 10,000 descriptors looks at all
  10,000 every time.

  Add descriptors with \ifun{selector_add}, change them with
  \ifun{selector_modify}, take them out with \ifun{selector_remove},
  and release the selector with \ifun{selector_close} (or by dropping
  the last reference to it).  The selector holds its own epoll
  descriptor, close-on-exec; a failure to create it raises
  \exc{SocketError} with \var{errno} set (\icon{EMFILE}, ...).
\example
#v+
    sel = selector_new ();
    selector_add (sel, listener, POLLIN, "listener");
    selector_add (sel, st, POLLIN, client);      % a Stream_Type
    forever
      {
         (data, revents) = selector_wait (sel, 10.0);
         _for i (0, length (data) - 1, 1)
           handle (@data[i], revents[i]);
      }
#v-
\seealso{selector_add, selector_wait, selector_close, eventloop_new, poll}
\done

#%}}}

#%{{{ selector_add

\function{selector_add}
\synopsis{Watch a descriptor or stream with a selector}
\usage{selector_add (Selector_Type sel, fd, Int_Type events, data)}
\description
  The \ifun{selector_add} function adds \var{fd}, an \dtype{FD_Type}
  or a \dtype{Stream_Type} (see \ifun{stream_new}), to the selector
  \var{sel}, watched for \var{events}: \icon{POLLIN},
  \icon{POLLOUT}, \icon{POLLPRI}, \icon{POLLRDHUP} or-ed together (0
  is allowed: then only \icon{POLLERR} and \icon{POLLHUP} are
  reported).  \var{data} is any value; \ifun{selector_wait} hands it
  back for \var{fd} when \var{fd} is ready, so it is typically the
  struct that describes a client, or a reference to a function to
  call.  The selector keeps a reference to \var{fd} and to
  \var{data}.  It returns nothing.

  The watch is level-triggered: as long as \var{fd} is ready (bytes
  not read yet, room to write), every \ifun{selector_wait} reports it
  again.  A \dtype{Stream_Type} whose read buffer holds bytes (see
  \ifun{stream_pending}), or that has a read error waiting to be
  raised, is ready for \icon{POLLIN} at once, without a system call,
  whatever its descriptor says: this is what \module{select} on an
  \exmp{fdopen}ed file cannot see.  A stream that holds part of a line
  is ready too, and stays ready until the rest arrives; a line
  protocol that reads with \ifun{stream_readline} on a non-blocking
  descriptor should therefore watch the descriptor
  (\ifun{stream_fd}) and read every complete line each time it is
  ready (until \icon{EAGAIN}), or it will be woken again and again.

  A descriptor is in a selector at most once (the key is its number):
  adding one that is already there, as an \dtype{FD_Type} or as a
  stream, raises \exc{InvalidParmError}; use \ifun{selector_modify}.
  A descriptor that was closed while it was in the selector does not
  count: it is dropped, and a new descriptor with the same number can
  be added.  \var{events} with other bits raise \exc{InvalidParmError};
  a value that is neither an \dtype{FD_Type} nor a
  \dtype{Stream_Type} raises \exc{TypeMismatchError}; a closed one, or
  a closed selector, raises \exc{SocketError} with \icon{EBADF}.
  Descriptors of regular files cannot be watched (epoll refuses
  them: \exc{SocketError}, \icon{EPERM}).
\example
#v+
    selector_add (sel, listener, POLLIN, &on_accept);
    selector_add (sel, c, POLLIN|POLLOUT, struct {fd = c, out = ""B});
#v-
\seealso{selector_new, selector_modify, selector_remove, selector_wait, eventloop_watch}
\done

#%}}}

#%{{{ selector_modify

\function{selector_modify}
\synopsis{Change what a selector watches a descriptor for}
\usage{selector_modify (Selector_Type sel, fd, Int_Type events [, data])}
\description
  The \ifun{selector_modify} function changes the \var{events} that
  the selector \var{sel} watches \var{fd} for (an \dtype{FD_Type} or
  a \dtype{Stream_Type} with the same descriptor as the one given to
  \ifun{selector_add}), and, if \var{data} is given, the value handed
  back for it; without \var{data} the old value stays.  A typical use
  is to ask for \icon{POLLOUT} only while there is output waiting to
  be written, since a connected socket is almost always writable.
  It returns nothing.

  A \var{fd} that is not in the selector (never added, removed, or
  closed since it was added) raises \exc{InvalidParmError}, as do
  \var{events} with bits other than those of \ifun{selector_add}.
\example
#v+
    % output queued: wake up when the client can take more
    selector_modify (sel, cl.fd, POLLIN|POLLOUT);
    ...
    % all written: reading only
    selector_modify (sel, cl.fd, POLLIN);
#v-
\seealso{selector_add, selector_remove, selector_wait}
\done

#%}}}

#%{{{ selector_remove

\function{selector_remove}
\synopsis{Stop watching a descriptor with a selector}
\usage{selector_remove (Selector_Type sel, fd)}
\description
  The \ifun{selector_remove} function takes \var{fd} (an
  \dtype{FD_Type} or a \dtype{Stream_Type}) out of the selector
  \var{sel} and drops the selector's references to it and to its
  \var{data}.  It does not close \var{fd}.  It returns nothing.  A
  \var{fd} that is not in the selector raises
  \exc{InvalidParmError}.

  Remove a descriptor before closing it.  A descriptor closed while
  it is in the selector is dropped without a call (it is never
  reported by \ifun{selector_wait}, also when a new descriptor gets
  the same number at once), but the selector notices only when it
  next looks at that number, so its references are held until then.
\example
#v+
    selector_remove (sel, cl.fd);
    () = close (cl.fd);
#v-
\seealso{selector_add, selector_close}
\done

#%}}}

#%{{{ selector_wait

\function{selector_wait}
\synopsis{Wait until descriptors of a selector are ready}
\usage{(Any_Type[] data, Int_Type[] revents) = selector_wait (Selector_Type sel, Double_Type timeout)}
\description
  The \ifun{selector_wait} function waits until at least one of the
  descriptors in the selector \var{sel} is ready for one of the
  events it is watched for, or until \var{timeout} seconds have passed
  (0: do not wait; negative: wait as long as it takes; NaN raises
  \exc{InvalidParmError}), as \ifun{poll} does.  It returns two arrays
  of the same length, one element per ready descriptor: \var{data},
  an \exmp{Any_Type} array of the values given to
  \ifun{selector_add} (dereference an element to get the value:
  \exmp{@data[i]}), and \var{revents}, an Int_Type array of the
  events that occurred (\icon{POLLIN}, \icon{POLLOUT}, ...;
  \icon{POLLERR} and \icon{POLLHUP} may come without having been asked
  for).  When the time runs out, both arrays are empty.  The order of
  the ready descriptors is unspecified.

  A \dtype{Stream_Type} with bytes buffered for reading is reported
  \icon{POLLIN} at once (the call then does not wait, but reports the
  other descriptors that are ready now) -- unless the last read from it
  found them too few (a partial line, when its \exmp{timeout} expired or
  the descriptor would block): such a stream is ready again when more
  bytes come, so that watching a stream that holds half a line does not
  spin.  A descriptor closed while it
  was in the selector is never reported, not even when its number has
  been reused by another descriptor meanwhile: it is dropped.  A
  signal is handled as by the other calls (see \ifun{connect}): the
  handlers run, an exception they throw propagates, otherwise the wait
  goes on for the rest of the time.  A closed selector raises
  \exc{SocketError} with \icon{EBADF}.
\example
#v+
    (data, revents) = selector_wait (sel, 5.0);
    if (length (data) == 0)
      message ("nothing for 5 seconds");
    _for i (0, length (data) - 1, 1)
      {
         variable cl = @data[i];
         if (revents[i] & (POLLIN|POLLHUP|POLLERR)) read_from (cl);
         if (revents[i] & POLLOUT) write_to (cl);
      }
#v-
\seealso{selector_add, selector_new, poll, eventloop_run}
\done

#%}}}

#%{{{ selector_close

\function{selector_close}
\synopsis{Release a selector}
\usage{selector_close (Selector_Type sel)}
\description
  The \ifun{selector_close} function removes every descriptor from the
  selector \var{sel} (without closing them), drops its references to
  them and to their \var{data}, and closes its epoll descriptor.  It
  returns nothing.  Closing a selector twice does nothing; any other
  call on a closed selector raises \exc{SocketError} with \icon{EBADF}.
  A selector is released in the same way when the last reference to
  it goes away.
\example
#v+
    selector_close (sel);
#v-
\seealso{selector_new}
\done

#%}}}

#%{{{ eventloop_new

\function{eventloop_new}
\synopsis{Create an event loop: callbacks for descriptors and timers}
\usage{EventLoop_Type eventloop_new ()}
\description
  The \ifun{eventloop_new} function returns a new
  \dtype{EventLoop_Type} object (\exmp{typeof} says so).  S-Lang has
  no threads, so a script that serves many clients at once, or talks
  to a server while reading the terminal, must multiplex in one
  thread.  The event loop does it the way Tcl's \exmp{fileevent} and
  \exmp{after} do: the script registers a callback for each descriptor
  (\ifun{eventloop_watch}) and for each timer (\ifun{eventloop_after},
  \ifun{eventloop_every}), then calls \ifun{eventloop_run}, which
  waits and calls them as descriptors become ready and timers come
  due, until there is nothing left to wait for, a callback calls
  \ifun{eventloop_stop}, or its \exmp{timeout} expires.

  The loop sits on a selector (see \ifun{selector_new}): it is built
  on epoll, and the timers are kept in a heap, so one wakeup costs time
  in proportion to the ready descriptors and the due timers, not to
  the thousands of idle connections a server may hold.

  Every call of the loop identifies a watch or a timer by the integer
  id that \ifun{eventloop_watch}, \ifun{eventloop_after} and
  \ifun{eventloop_every} return.  Callbacks may watch, unwatch and
  cancel anything, themselves included, and may call
  \ifun{eventloop_run} of another loop, but not of their own
  (\exc{InvalidParmError}).  The loop holds references to the
  watched descriptors, the callbacks and their arguments until they
  are unwatched, fired or cancelled; when the last reference to the
  loop goes away, all of them are dropped (nothing is closed).
\example
#v+
    lp = eventloop_new ();
    % a stream, not fgets: poll and epoll cannot see stdio's buffer
    define on_input (st, revents)
    {
       variable line = stream_readline (st);
       if (line == NULL)
         eventloop_stop (lp);
       else
         () = fputs ("you typed " + line, stdout);
    }
    define tick () { message ("tick"); }
    () = eventloop_watch (lp, stream_new (fileno (stdin)), POLLIN, &on_input);
    () = eventloop_every (lp, 1.0, &tick);
    eventloop_run (lp);
#v-
\seealso{eventloop_watch, eventloop_after, eventloop_every, eventloop_run, eventloop_stop, selector_new}
\done

#%}}}

#%{{{ eventloop_watch

\function{eventloop_watch}
\synopsis{Call a function whenever a descriptor is ready}
\usage{Int_Type eventloop_watch (EventLoop_Type lp, fd, Int_Type events, Ref_Type cb [, args...])}
\description
  The \ifun{eventloop_watch} function watches \var{fd}, an
  \dtype{FD_Type} or a \dtype{Stream_Type}, for \var{events}
  (\icon{POLLIN}, \icon{POLLOUT}, \icon{POLLPRI}, \icon{POLLRDHUP}
  or-ed together, as for \ifun{selector_add}), and returns the id of
  the watch, a positive Int_Type.  While \ifun{eventloop_run} runs,
  the function \var{cb} (a reference, \exmp{&name}) is called as
#v+
    cb (fd, revents, args...)
#v-
  each time \var{fd} is ready: \var{fd} is the object that was given,
  \var{revents} the events that occurred (\icon{POLLERR} and
  \icon{POLLHUP} may come without having been asked for), and the
  \var{args} are the extra arguments given to \ifun{eventloop_watch},
  up to 60 of them.  Values the callback returns are dropped.  The
  loop holds \var{fd}, \var{cb} and the \var{args} until the watch
  ends; S-Lang counts references and does not collect cycles, so a
  loop given to its own watch as an argument (or in a structure that
  is) is freed only once the watch is unwatched.  A callback that needs
  the loop can reach it through a variable instead.

  The watch is level-triggered: the callback is called again on every
  round of the loop as long as \var{fd} stays ready, so it must read
  what is there (or accept the pending connection, ...), or
  unwatch.  A \dtype{Stream_Type} with bytes in its read buffer is
  ready for \icon{POLLIN} at once; see \ifun{selector_add} for why a
  line protocol on a non-blocking descriptor should watch the
  descriptor rather than a stream that may hold half a line.  To wait
  for other events (\icon{POLLOUT} while output is queued), unwatch
  and watch again with the new \var{events}.

  A descriptor can have one watch at a time: watching it again (also
  through a stream over the same descriptor) raises
  \exc{InvalidParmError}.  Unwatch a descriptor before you close it
  (\ifun{eventloop_unwatch}, then \ifun{close} or
  \ifun{stream_close}).  A descriptor closed while it is watched is
  dropped and its callback never called again, even if a new
  descriptor gets the same number at once; but the loop notices that
  only when it next looks at that number (when the number is watched
  again, or when epoll reports it), and until then the watch counts:
  \ifun{eventloop_run} does not end for lack of work while it is
  there.  The id of a dropped watch is ignored by
  \ifun{eventloop_unwatch}.

  A \var{cb} that is not a reference raises
  \exc{TypeMismatchError}; the other errors are those of
  \ifun{selector_add}.
\example
#v+
    define on_readable (fd, revents, name)
    {
       variable buf;
       if (0 >= read (fd, &buf, 4096))
         {
            eventloop_unwatch (Lp, Ids[name]);
            () = close (fd);
            return;
         }
       vmessage ("%s: %d bytes", name, bstrlen (buf));
    }
    Ids["pipe"] = eventloop_watch (Lp, rfd, POLLIN, &on_readable, "pipe");
#v-
\seealso{eventloop_unwatch, eventloop_run, eventloop_new, selector_add}
\done

#%}}}

#%{{{ eventloop_unwatch

\function{eventloop_unwatch}
\synopsis{Stop watching a descriptor in an event loop}
\usage{eventloop_unwatch (EventLoop_Type lp, Int_Type id)}
\description
  The \ifun{eventloop_unwatch} function removes the watch \var{id}
  (a value returned by \ifun{eventloop_watch}) from the loop
  \var{lp}: its callback is not called any more, also not later in
  the round of the loop that is running, and the loop drops its
  references to the descriptor, the callback and its arguments.  It
  does not close the descriptor.  It returns nothing.  A callback
  may unwatch its own descriptor.

  An id that is not a watch of this loop any more (unwatched already,
  or dropped because its descriptor was closed) is ignored, as is 0;
  the id of a timer raises \exc{InvalidParmError}.
\example
#v+
    eventloop_unwatch (lp, cl.watch);
    stream_close (cl.st);
#v-
\seealso{eventloop_watch, eventloop_cancel}
\done

#%}}}

#%{{{ eventloop_after

\function{eventloop_after}
\synopsis{Call a function once, after some time}
\usage{Int_Type eventloop_after (EventLoop_Type lp, Double_Type secs, Ref_Type cb [, args...])}
\description
  The \ifun{eventloop_after} function schedules a call
  \exmp{cb (args...)} in the loop \var{lp}, \var{secs} seconds from
  now, as Tcl's \exmp{after} does, and returns the id of the timer (a
  positive Int_Type) for \ifun{eventloop_cancel}.  The call is made
  by \ifun{eventloop_run}, once, at the first round of the loop at or
  after that time (a callback that runs long delays it; nothing
  interrupts a running callback).  \var{secs} may be 0: the call is
  then made at the next round, after the descriptors that are ready
  now, which lets a long job yield to the other clients between
  pieces.  Values the callback returns are dropped.  Timers due at
  the same round are called in the order of their times.

  A \var{secs} that is negative or NaN raises \exc{InvalidParmError};
  a \var{cb} that is not a reference raises \exc{TypeMismatchError}.
\example
#v+
    define give_up (cl) { vmessage ("%s: too slow", cl.name); drop (cl); }
    cl.timer = eventloop_after (lp, 30.0, &give_up, cl);
    ...
    eventloop_cancel (lp, cl.timer);      % it answered in time
#v-
\seealso{eventloop_every, eventloop_cancel, eventloop_run}
\done

#%}}}

#%{{{ eventloop_every

\function{eventloop_every}
\synopsis{Call a function repeatedly, at a fixed interval}
\usage{Int_Type eventloop_every (EventLoop_Type lp, Double_Type secs, Ref_Type cb [, args...])}
\description
  The \ifun{eventloop_every} function schedules calls
  \exmp{cb (args...)} in the loop \var{lp} every \var{secs} seconds,
  until the timer is cancelled with \ifun{eventloop_cancel}, and
  returns its id (a positive Int_Type).  The calls are due at
  \exmp{start + k*secs} for k = 1, 2, ...: a tick is never computed
  from the time the previous call was made or ended, so no drift
  accumulates however long the callbacks take.  A tick that comes due
  while the script is busy is made as soon as the loop gets to it;
  when several were missed, one call is made and the others are
  skipped (the next call is at the next tick of the schedule still
  ahead), so a loop that was blocked never makes a burst of calls.

  A callback may cancel its own timer.  A \var{secs} that is not
  greater than 0 (or NaN) raises \exc{InvalidParmError}.  A timer
  keeps \ifun{eventloop_run} going: a loop whose only work is an
  \ifun{eventloop_every} timer runs until it is cancelled, the loop is
  stopped or the \exmp{timeout} of \ifun{eventloop_run} expires.
\example
#v+
    define report (lp, clients)
    {
       vmessage ("%d clients", length (clients));
    }
    report_id = eventloop_every (lp, 5.0, &report, lp, Clients);
#v-
\seealso{eventloop_after, eventloop_cancel, eventloop_run}
\done

#%}}}

#%{{{ eventloop_cancel

\function{eventloop_cancel}
\synopsis{Cancel a timer of an event loop}
\usage{eventloop_cancel (EventLoop_Type lp, Int_Type id)}
\description
  The \ifun{eventloop_cancel} function cancels the timer \var{id} (a
  value returned by \ifun{eventloop_after} or
  \ifun{eventloop_every}) of the loop \var{lp}: its callback is not
  called any more, and the loop drops its references to the callback
  and its arguments.  It returns nothing.

  An id of a timer that has already fired (an \ifun{eventloop_after}
  timer whose call was made) or was cancelled is ignored, as Tcl's
  \exmp{after cancel} does, and so is 0; the id of a watch raises
  \exc{InvalidParmError}.  Ids are made of a slot number and a count
  of the slot's reuse, and are eventually reused: forget (set to 0)
  the id of a timer once it has fired or been cancelled.
\example
#v+
    if (cl.timer) eventloop_cancel (lp, cl.timer);
    cl.timer = 0;
#v-
\seealso{eventloop_after, eventloop_every, eventloop_unwatch}
\done

#%}}}

#%{{{ eventloop_run

\function{eventloop_run}
\synopsis{Run an event loop: wait and call the callbacks}
\usage{eventloop_run (EventLoop_Type lp ; timeout=secs)}
\description
  The \ifun{eventloop_run} function runs the loop \var{lp}: it waits
  until a watched descriptor is ready or a timer is due, calls the
  callbacks of the ready watches (see \ifun{eventloop_watch}), then
  those of the timers that are due, and starts over.  It returns
  (nothing) when
#v+
    nothing is watched and no timer is pending,
    a callback has called eventloop_stop (lp), or
    the timeout qualifier has expired.
#v-
  It returns at once if there is nothing to wait for; with
  \exmp{timeout=0} it runs one round without waiting.  A stop takes
  effect as soon as the running callback returns: the rest of the
  round is not made.  Watches and timers stay as they are, so the
  loop can be run again.

  An exception thrown in a callback, or by a signal handler while the
  loop waits, ends \ifun{eventloop_run} with that exception; the loop
  stays as it was (a timer made by \ifun{eventloop_after} whose
  callback threw is gone; the next tick of an \ifun{eventloop_every}
  timer is already scheduled), and can be run again, e.g. in a
  \exmp{try} block inside a \exmp{forever} loop.  Signals are
  otherwise handled as by the other calls (see \ifun{connect}).

  Calling \ifun{eventloop_run} of a loop that is running (from one of
  its callbacks) raises \exc{InvalidParmError}; a NaN \exmp{timeout}
  too.
\qualifiers
\qualifier{timeout=secs}{return after \var{secs} seconds at the
    latest, even if there is still work (a negative value: no limit,
    the default)}
\example
#v+
    lp = eventloop_new ();
    () = eventloop_watch (lp, listener, POLLIN, &on_accept, lp);
    () = eventloop_every (lp, 5.0, &report);
    forever
      {
         try
           {
              eventloop_run (lp);
              break;                     % nothing left to do
           }
         catch SocketError:
           {
              vmessage ("error in a callback: %s", __get_exception_info.message);
           }
      }
#v-
\seealso{eventloop_stop, eventloop_watch, eventloop_after, eventloop_every, eventloop_new}
\done

#%}}}

#%{{{ eventloop_stop

\function{eventloop_stop}
\synopsis{Make a running event loop return}
\usage{eventloop_stop (EventLoop_Type lp)}
\description
  The \ifun{eventloop_stop} function, called from a callback of the
  loop \var{lp}, makes \ifun{eventloop_run} return as soon as the
  callback returns; no further callback is called in that round.
  The watches and timers stay: run the loop again to go on, or drop
  it.  A stop asked for while the loop is not running has no effect
  (each \ifun{eventloop_run} starts afresh).  It returns nothing.
\example
#v+
    define on_quit (fd, revents, lp)
    {
       eventloop_stop (lp);
    }
    () = eventloop_watch (lp, fileno (stdin), POLLIN, &on_quit, lp);
#v-
\seealso{eventloop_run}
\done

#%}}}

#%{{{ sd_listen_fds

\function{sd_listen_fds}
\synopsis{Take the sockets passed by systemd socket activation}
\usage{FD_Type[] sd_listen_fds ( ; unset_environment=0)}
\description
  The \ifun{sd_listen_fds} function returns the descriptors that a
  socket-activating service manager (systemd, or
  \exmp{systemd-socket-activate}) passed to this process, as an Array
  of \dtype{FD_Type}, in order: descriptor 3, 4, and so on.  It follows
  the protocol of libsystemd's \exmp{sd_listen_fds(3)} without needing
  libsystemd: the passed descriptors are taken only if the environment
  variable \var{LISTEN_PID} is the id of this process and
  \var{LISTEN_FDS} is a positive decimal count; otherwise (the
  variables are missing, malformed, or were inherited from a parent
  and name another process) it returns an empty array and touches no
  descriptor.

  Each descriptor returned is made close-on-exec, so that programs
  the script starts with \ifun{system} or \ifun{popen} do not inherit
  it, and is adopted as a socket of the module: every function of the
  module works on it,
  learning its domain from the descriptor, and it is closed when the
  last reference to it goes away.  An adopted unix socket owns no
  path: closing it leaves the socket file, which belongs to the
  service manager.  Call \ifun{sd_listen_fds} once: a second call
  with the variables still set returns new objects for the same
  descriptors, and whichever is freed first closes them.

  If \var{LISTEN_FDS} counts a descriptor that is not open,
  \exc{SocketError} is thrown naming it (\icon{EBADF}).

  inetd, and systemd with \exmp{Accept=yes} and \exmp{StandardInput=socket},
  pass the connection as the standard input instead: \exmp{@FD_Type
  (0)} is then the socket, and every function of the module accepts
  it.
\qualifiers
\qualifier{unset_environment=1}{unset \var{LISTEN_PID}, \var{LISTEN_FDS} and
    \var{LISTEN_FDNAMES} before returning, so that programs the script
    starts do not see them (default 0: keep them)}
\example
#v+
    variable s, fds = sd_listen_fds (; unset_environment=1);
    if (length (fds) == 0)               % started by hand
      fds = [create_server ("127.0.0.1", 7007)];
    foreach s (fds)
      if (getsockopt (s, SOL_SOCKET, SO_ACCEPTCONN))
        () = eventloop_watch (lp, s, POLLIN, &on_accept);
    () = sd_notify ("READY=1");
#v-
  examples/activated_echo.sl is a complete socket-activated service,
  with its unit files.
\seealso{sd_listen_fds_with_names, sd_notify, create_server, getsockname}
\done

#%}}}

#%{{{ sd_listen_fds_with_names

\function{sd_listen_fds_with_names}
\synopsis{Take the sockets passed by socket activation, with their names}
\usage{(FD_Type[] fds, String_Type[] names) = sd_listen_fds_with_names ( ; unset_environment=0)}
\description
  The \ifun{sd_listen_fds_with_names} function does what
  \ifun{sd_listen_fds} does and returns, as a second value, an Array
  of String_Type of the same length: the name of each descriptor,
  from the colon-separated list in \var{LISTEN_FDNAMES}
  (\exmp{FileDescriptorName=} in a systemd socket unit,
  \exmp{--fdname=} of \exmp{systemd-socket-activate}).  A descriptor
  without a name in the list is named \exmp{"unknown"}, as
  libsystemd does.  Both arrays are empty when nothing was passed to
  this process.
\qualifiers
\qualifier{unset_environment=1}{unset \var{LISTEN_PID}, \var{LISTEN_FDS} and
    \var{LISTEN_FDNAMES} before returning (default 0: keep them)}
\example
#v+
    variable fds, names, i;
    (fds, names) = sd_listen_fds_with_names (; unset_environment=1);
    _for i (0, length (fds) - 1, 1)
      {
         if (names[i] == "admin") watch_admin (fds[i]);
         else watch_public (fds[i]);
      }
#v-
\seealso{sd_listen_fds, sd_notify}
\done

#%}}}

#%{{{ sd_notify

\function{sd_notify}
\synopsis{Tell the service manager about the state of the service}
\usage{Int_Type sd_notify (String_Type state ; unset_environment=0)}
\description
  The \ifun{sd_notify} function sends \var{state}, a String or
  BString of newline-separated \exmp{KEY=value} assignments such as
  \exmp{"READY=1"}, \exmp{"STATUS=serving 12 clients"},
  \exmp{"RELOADING=1"}, \exmp{"STOPPING=1"} or \exmp{"WATCHDOG=1"},
  in one datagram to the unix socket named by the environment variable
  \var{NOTIFY_SOCKET}, as libsystemd's \exmp{sd_notify(3)} does.
  \var{NOTIFY_SOCKET} is a path, or \exmp{@name} for the Linux abstract
  name \exmp{"\\0name"}.  It returns 1 if the state was sent, and 0,
  sending nothing, when \var{NOTIFY_SOCKET} is not set (or empty): the
  service was not started by a manager that listens, so a script can
  call it unconditionally.  A systemd service of \exmp{Type=notify}
  counts as started only once it has sent \exmp{"READY=1"}.

  If the notification cannot be sent, \exc{SocketError} is thrown
  with the error of the call (\icon{ENOENT} for a path that does not
  exist, \icon{ECONNREFUSED} for a socket nobody receives on); a path
  too long for a unix socket address raises \exc{InvalidParmError}.
  A \var{state} that is not a String or BString raises
  \exc{TypeMismatchError}.
\qualifiers
\qualifier{unset_environment=1}{unset \var{NOTIFY_SOCKET} after sending,
    so that later calls, and programs the script starts, send nothing
    (default 0: keep it)}
\example
#v+
    () = sd_notify ("READY=1\nSTATUS=listening on port 7007");
    ...
    () = sd_notify ("STOPPING=1");
#v-
\seealso{sd_listen_fds, sd_listen_fds_with_names}
\done

#%}}}

#%{{{ Variables and exceptions

\variable{h_errno}
\synopsis{The error code of the last failed name resolution}
\usage{Int_Type h_errno}
\description
  The read-only variable \var{h_errno} is set when a
  \exc{SocketHError} is thrown to the value that best describes the
  failure: \icon{HOST_NOT_FOUND}, \icon{TRY_AGAIN},
  \icon{NO_RECOVERY} or \icon{NO_DATA}.  It is not reset by calls that
  succeed.
\example
#v+
    try
      {
         connect (s, "no.such.host.invalid", 80);
      }
    catch SocketHError:
      {
         if (h_errno == TRY_AGAIN) message ("try again later");
      }
#v-
\seealso{SocketHError, HOST_NOT_FOUND, getaddrinfo}
\done

\variable{_socket_module_version}
\synopsis{The version of the socket module as an integer}
\usage{Int_Type _socket_module_version}
\description
  The read-only variable \var{_socket_module_version} holds the version
  of the module as 10000*major + 100*minor + patch: 10000 for version
  1.0.0.
\seealso{_socket_module_version_string}
\done

\variable{_socket_module_version_string}
\synopsis{The version of the socket module as a string}
\usage{String_Type _socket_module_version_string}
\description
  The read-only variable \var{_socket_module_version_string} holds the
  version of the module as a String, e.g. \exmp{"1.0.0"}.  Upstream
  S-Lang's socket module does not define it, so a script can use it to
  tell this module from that one.
\example
#v+
    require ("socket");
    if (0 == is_defined ("_socket_module_version_string"))
      message ("this is S-Lang's own socket module");
#v-
\seealso{_socket_module_version, _socket_module_file}
\done

\variable{_socket_module_file}
\synopsis{The file the socket module was loaded from}
\usage{String_Type _socket_module_file}
\description
  The read-only variable \var{_socket_module_file} holds the path of
  the socket-module.so that was loaded, as the dynamic linker reports
  it (an empty String if it cannot tell).  It shows which build a
  script runs with: the one in a source tree or an installed one.
\example
#v+
    require ("socket");
    vmessage ("socket module %s from %s", _socket_module_version_string,
              _socket_module_file);
#v-
\seealso{_socket_module_version_string}
\done

\variable{SocketError}
\synopsis{The exception thrown by the socket functions}
\usage{catch SocketError: ...}
\description
  \exc{SocketError}, a subclass of \exc{RunTimeError}, is thrown when
  a system call made by a socket function fails.  Its message names the
  call and the reason (\exmp{"connect: Connection refused"}) and
  \var{errno} is set, so that \exmp{errno == ECONNREFUSED} and
  \exmp{errno_string (errno)} can be used.  It is also thrown with
  \var{errno} \icon{EBADF} by any function given a socket that has
  been closed, and with \icon{ETIMEDOUT} when the \exmp{timeout}
  qualifier of a call expires (except for \ifun{recv} with
  \icon{MSG_WAITALL}, which returns the data that did arrive, if any).

  Name-resolution failures throw its subclass \exc{SocketHError}.

  Bad arguments raise the interpreter's own exceptions: a wrong number
  of arguments \exc{NumArgsError} (the message shows the usage), a
  wrong type or an \dtype{FD_Type} that is not a socket
  \exc{TypeMismatchError}, a bad value (a port outside 0..65535, an
  over-long unix path, an unknown domain, an integer argument that
  does not fit a 32-bit Int_Type such as 2^32+1 given as a Long, a
  \exmp{timeout} or \ifun{poll} timeout that is NaN)
  \exc{InvalidParmError}, an unsupported socket option
  \exc{NotImplementedError}.  Arguments are not silently truncated
  or ignored; the exceptions are the \var{events} of \ifun{poll} and
  the values of integer qualifiers (\exmp{backlog}, \exmp{mode},
  \exmp{source_port}, \exmp{family}, \exmp{reuse_port},
  \exmp{dualstack}), which the interpreter converts to Int_Type
  keeping only the low 32 bits of a Long, before any range check.
  After any of these
  errors the stack holds what it held before the call, and no
  descriptor is leaked.
\example
#v+
    try
      {
         connect (s, "127.0.0.1", 1);
      }
    catch SocketError:
      {
         variable e = __get_exception_info ();
         () = fprintf (stderr, "%s (errno %d)\n", e.message, errno);
      }
#v-
\seealso{SocketHError, errno, errno_string, __get_exception_info, sendall}
\done

\variable{SocketHError}
\synopsis{The exception thrown when a name cannot be resolved}
\usage{catch SocketHError: ...}
\description
  \exc{SocketHError}, a subclass of \exc{SocketError}, is thrown when
  a host or service name cannot be resolved (by \ifun{connect},
  \ifun{bind}, \ifun{sendto}, \ifun{getaddrinfo}, \ifun{getnameinfo},
  \ifun{create_connection}, \ifun{create_server}).  Its message names
  the host and the resolver's reason, and \var{h_errno} is set to one of
  \icon{HOST_NOT_FOUND}, \icon{TRY_AGAIN}, \icon{NO_RECOVERY},
  \icon{NO_DATA}.  Since it is a subclass, \exmp{catch SocketError}
  catches it too; catch \exc{SocketHError} first to tell them apart.
\example
#v+
    try
      {
         s = create_connection (host, 80; timeout=5.0);
      }
    catch SocketHError: { message ("no such host: " + host); }
    catch SocketError: { message ("cannot connect: " + errno_string (errno)); }
#v-
\seealso{SocketError, h_errno, getaddrinfo}
\done

#%}}}
#%{{{ Constants

\variable{PF_UNIX}
\synopsis{Socket domains (address families)}
\usage{Int_Type PF_UNIX, PF_INET, PF_INET6, PF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_UNSPEC}
\description
  These constants name the communication domains of \ifun{socket} and
  \ifun{socketpair}, and the address families of \ifun{getaddrinfo},
  \ifun{inet_pton} and \ifun{inet_ntop}:
#v+
    PF_UNIX   AF_UNIX    local sockets, named by a path (address-args: path)
    PF_INET   AF_INET    IPv4 (address-args: host, port)
    PF_INET6  AF_INET6   IPv6 (address-args: host, port)
    PF_UNSPEC AF_UNSPEC  any family: for getaddrinfo and the family=
                         qualifier, not for socket
#v-
  Each \icon{PF_} constant has the same value as the \icon{AF_} one of
  the same name and they may be used interchangeably.  \ifun{socket}
  supports \icon{PF_UNIX}, \icon{PF_INET} and \icon{PF_INET6}, and
  on Linux the families of \icon{PF_NETLINK}: netlink, packet and
  vsock.
\example
#v+
    s = socket (PF_INET6, SOCK_STREAM, 0);
    b = inet_pton (AF_INET, "127.0.0.1");
#v-
\seealso{socket, socketpair, getaddrinfo, connect, SOCK_STREAM, PF_NETLINK}
\done

\variable{PF_INET}
\synopsis{Domain of IPv4 sockets}
\usage{Int_Type PF_INET}
\seealso{PF_UNIX}
\done

\variable{PF_INET6}
\synopsis{Domain of IPv6 sockets}
\usage{Int_Type PF_INET6}
\seealso{PF_UNIX}
\done

\variable{PF_UNSPEC}
\synopsis{Unspecified domain: any address family}
\usage{Int_Type PF_UNSPEC}
\seealso{PF_UNIX}
\done

\variable{AF_UNIX}
\synopsis{Address family of unix domain sockets (same as PF_UNIX)}
\usage{Int_Type AF_UNIX}
\seealso{PF_UNIX}
\done

\variable{AF_INET}
\synopsis{Address family of IPv4 (same as PF_INET)}
\usage{Int_Type AF_INET}
\seealso{PF_UNIX}
\done

\variable{AF_INET6}
\synopsis{Address family of IPv6 (same as PF_INET6)}
\usage{Int_Type AF_INET6}
\seealso{PF_UNIX}
\done

\variable{AF_UNSPEC}
\synopsis{Unspecified address family (same as PF_UNSPEC)}
\usage{Int_Type AF_UNSPEC}
\seealso{PF_UNIX}
\done

\variable{SOCK_STREAM}
\synopsis{Socket types}
\usage{Int_Type SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, SOCK_RDM, SOCK_PACKET, SOCK_NONBLOCK, SOCK_CLOEXEC}
\description
  These constants give the \var{type} argument of \ifun{socket} and
  \ifun{socketpair}, and the \exmp{socktype} of \ifun{getaddrinfo}:
#v+
    SOCK_STREAM     reliable, ordered byte stream (TCP; unix stream)
    SOCK_DGRAM      datagrams: unreliable, bounded messages (UDP; unix)
    SOCK_SEQPACKET  reliable, ordered, bounded messages (unix; SCTP)
    SOCK_RAW        raw network protocol access (needs CAP_NET_RAW)
    SOCK_RDM        reliably delivered messages (rarely supported)
    SOCK_PACKET     obsolete Linux packet interface; use PF_PACKET
#v-
  Two flags may be or-ed into the type:
#v+
    SOCK_NONBLOCK   create the socket in non-blocking mode
    SOCK_CLOEXEC    create it close-on-exec (this module always does)
#v-
  The value read back with \exmp{getsockopt (s, SOL_SOCKET, SO_TYPE)}
  does not include the flags.
\example
#v+
    s = socket (PF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0);
#v-
\seealso{socket, socketpair, getaddrinfo, setblocking, PF_UNIX}
\done

\variable{SOCK_DGRAM}
\synopsis{Socket type: datagrams (UDP)}
\usage{Int_Type SOCK_DGRAM}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_RAW}
\synopsis{Socket type: raw network protocol access}
\usage{Int_Type SOCK_RAW}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_RDM}
\synopsis{Socket type: reliably delivered messages}
\usage{Int_Type SOCK_RDM}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_SEQPACKET}
\synopsis{Socket type: reliable, ordered, bounded messages}
\usage{Int_Type SOCK_SEQPACKET}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_PACKET}
\synopsis{Socket type: obsolete Linux packet interface}
\usage{Int_Type SOCK_PACKET}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_NONBLOCK}
\synopsis{Socket type flag: create the socket non-blocking}
\usage{Int_Type SOCK_NONBLOCK}
\seealso{SOCK_STREAM}
\done

\variable{SOCK_CLOEXEC}
\synopsis{Socket type flag: create the socket close-on-exec}
\usage{Int_Type SOCK_CLOEXEC}
\seealso{SOCK_STREAM}
\done

\variable{SOL_SOCKET}
\synopsis{Socket option levels and protocol numbers}
\usage{Int_Type SOL_SOCKET, SOL_IP, SOL_TCP, SOL_IPV6, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_RAW, IPPROTO_MPTCP, IPPROTO_SCTP, IPPROTO_UDPLITE}
\description
  The \var{level} argument of \ifun{getsockopt} and \ifun{setsockopt}
  says which layer an option belongs to:
#v+
    SOL_SOCKET                  the socket itself: SO_* options
    SOL_IP    = IPPROTO_IP      IPv4: IP_* options
    SOL_IPV6  = IPPROTO_IPV6    IPv6: IPV6_* options
    SOL_TCP   = IPPROTO_TCP     TCP: TCP_* options
#v-
  The \icon{IPPROTO_*} constants are also protocol numbers for the
  \var{protocol} argument of \ifun{socket} and \ifun{getaddrinfo}, and
  are found in the \exmp{protocol} field of the structures that
  \ifun{getaddrinfo} returns:
#v+
    IPPROTO_TCP      TCP
    IPPROTO_UDP      UDP
    IPPROTO_ICMP     ICMP (SOCK_RAW, or SOCK_DGRAM "ping" sockets)
    IPPROTO_ICMPV6   ICMPv6
    IPPROTO_RAW      raw IP packets, header included (SOCK_RAW)
    IPPROTO_MPTCP    Multipath TCP (SOCK_STREAM; Linux 5.6 and later):
                     one connection over several paths, falling back
                     to plain TCP when the peer lacks it
    IPPROTO_SCTP     SCTP (SOCK_STREAM or SOCK_SEQPACKET; needs the
                     kernel's sctp module)
    IPPROTO_UDPLITE  UDP-Lite (SOCK_DGRAM): UDP whose checksum may
                     cover only part of the datagram
    IPPROTO_IP       0: the default protocol
#v-
  These three are defined where the system has them.  The module has
  no options at the \icon{IPPROTO_SCTP} or \icon{IPPROTO_UDPLITE}
  level (\ifun{getsockopt} and \ifun{setsockopt} raise
  \exc{NotImplementedError}; a raw BString value still works); an
  \icon{IPPROTO_MPTCP} socket takes the \icon{SOL_TCP} options.
  The options of each level are listed under \ifun{getsockopt}.
\example
#v+
    setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, 1);
    setsockopt (s, IPPROTO_TCP, TCP_NODELAY, 1);
    u = socket (PF_INET, SOCK_DGRAM, IPPROTO_UDP);
    m = socket (PF_INET6, SOCK_STREAM, IPPROTO_MPTCP);
#v-
\seealso{getsockopt, setsockopt, socket, getaddrinfo, SO_KEEPALIVE, IP_TTL, IPV6_V6ONLY, TCP_NODELAY}
\done

\variable{SOL_IP}
\synopsis{Option level of IPv4 options (same as IPPROTO_IP)}
\usage{Int_Type SOL_IP}
\seealso{SOL_SOCKET}
\done

\variable{SOL_TCP}
\synopsis{Option level of TCP options (same as IPPROTO_TCP)}
\usage{Int_Type SOL_TCP}
\seealso{SOL_SOCKET}
\done

\variable{SOL_IPV6}
\synopsis{Option level of IPv6 options (same as IPPROTO_IPV6)}
\usage{Int_Type SOL_IPV6}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_IP}
\synopsis{IPv4 option level; protocol 0, the default}
\usage{Int_Type IPPROTO_IP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_IPV6}
\synopsis{IPv6 option level and protocol number}
\usage{Int_Type IPPROTO_IPV6}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_TCP}
\synopsis{TCP option level and protocol number}
\usage{Int_Type IPPROTO_TCP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_UDP}
\synopsis{UDP protocol number}
\usage{Int_Type IPPROTO_UDP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_ICMP}
\synopsis{ICMP protocol number}
\usage{Int_Type IPPROTO_ICMP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_ICMPV6}
\synopsis{ICMPv6 protocol number}
\usage{Int_Type IPPROTO_ICMPV6}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_RAW}
\synopsis{Raw IP protocol number (header included)}
\usage{Int_Type IPPROTO_RAW}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_MPTCP}
\synopsis{Multipath TCP protocol number}
\usage{Int_Type IPPROTO_MPTCP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_SCTP}
\synopsis{SCTP protocol number}
\usage{Int_Type IPPROTO_SCTP}
\seealso{SOL_SOCKET}
\done

\variable{IPPROTO_UDPLITE}
\synopsis{UDP-Lite protocol number}
\usage{Int_Type IPPROTO_UDPLITE}
\seealso{SOL_SOCKET}
\done

\variable{SO_KEEPALIVE}
\synopsis{Socket-level options (SOL_SOCKET)}
\usage{setsockopt (s, SOL_SOCKET, SO_*, value); value = getsockopt (s, SOL_SOCKET, SO_*)}
\description
  These are the options of the \icon{SOL_SOCKET} level.  Unless stated
  otherwise the value is an Integer, a boolean being 0 or 1.
#v+
    SO_KEEPALIVE    send keep-alive probes on an idle connection
    SO_OOBINLINE    receive out-of-band data in the normal stream
    SO_RCVLOWAT     minimum number of bytes for input to be ready
    SO_SNDLOWAT     minimum number of bytes for output (read only on
                    Linux)
    SO_BSDCOMPAT    obsolete, no effect
    SO_PASSCRED     receive sender credentials (unix sockets)
    SO_DEBUG        enable debugging in the protocol (CAP_NET_ADMIN)
    SO_REUSEADDR    allow bind to reuse a local address (restart a
                    server at once, despite TIME_WAIT connections)
    SO_REUSEPORT    allow several sockets to bind the same port and
                    share the incoming connections
    SO_TYPE         the socket type, e.g. SOCK_STREAM (get only)
    SO_ACCEPTCONN   1 if the socket is listening (get only)
    SO_DOMAIN       the socket domain, e.g. PF_INET6 (get only)
    SO_PROTOCOL     the socket protocol, e.g. IPPROTO_TCP (get only)
    SO_DONTROUTE    send only to directly connected hosts
    SO_BROADCAST    allow sending to broadcast addresses (UDP)
    SO_SNDBUF       send buffer size in bytes (the kernel doubles the
                    value set, and getsockopt reports the doubled size)
    SO_RCVBUF       receive buffer size in bytes (likewise doubled)
    SO_PRIORITY     protocol-defined priority of outgoing packets
    SO_MARK         the mark (fwmark) of outgoing packets, for policy
                    routing and netfilter; setting needs CAP_NET_ADMIN
                    (else EPERM)
    SO_TIMESTAMP    ask for a receive timestamp (a struct timeval) with
                    each incoming packet, as ancillary data
    SO_TIMESTAMPNS  the same with nanoseconds (a struct timespec)
    SO_PEERSEC      String: the security label (e.g. an SELinux
                    context) of the peer of a unix socket, or of a
                    labelled network connection (get only)
    SO_ERROR        the pending error (an errno value, 0 if none),
                    cleared by reading; get only
    SO_BINDTODEVICE String: the network interface the socket is bound
                    to, e.g. "eth0"; "" to unbind
    SO_RCVTIMEO     Struct {tv_sec, tv_usec}: timeout of blocking
    SO_SNDTIMEO     receive and send calls ({0, 0}: none); setsockopt
                    also takes seconds as a Double, e.g. 0.5
    SO_LINGER       Struct {l_onoff, l_linger}: if l_onoff is 1, close
                    waits up to l_linger seconds for unsent data
    SO_PEERCRED     Struct {pid, uid, gid}: the credentials of the
                    peer of a unix socket (get only)
#v-
  Setting a get-only option, or reading a set-only one, raises
  \exc{NotImplementedError}.  The
  timeouts are kept by the kernel in scheduler ticks, so values that
  are not whole ticks come back rounded (see \ifun{setsockopt}).

  The timestamps that \icon{SO_TIMESTAMP} and \icon{SO_TIMESTAMPNS}
  ask for, and the credentials of \icon{SO_PASSCRED}, arrive as
  ancillary (control) data, which \ifun{recvmsg} returns (decoded);
  \ifun{recv}, \ifun{recvfrom} and \ifun{recv_fds} return only the
  data.
  \icon{SO_PEERSEC} raises \exc{SocketError} with \icon{ENOPROTOOPT}
  when no security module (LSM) that labels sockets is active.
\example
#v+
    setsockopt (s, SOL_SOCKET, SO_REUSEADDR, 1);
    setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, 0.5);
    cred = getsockopt (c, SOL_SOCKET, SO_PEERCRED);
    vmessage ("peer pid %d uid %d gid %d", cred.pid, cred.uid, cred.gid);
    setsockopt (s, SOL_SOCKET, SO_MARK, 0x10);    % needs CAP_NET_ADMIN
    label = getsockopt (c, SOL_SOCKET, SO_PEERSEC);
#v-
\seealso{getsockopt, setsockopt, SOL_SOCKET, IP_TTL, IPV6_V6ONLY, TCP_NODELAY}
\done

\variable{SO_OOBINLINE}
\synopsis{Socket option: receive out-of-band data inline (Int)}
\usage{Int_Type SO_OOBINLINE}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_RCVLOWAT}
\synopsis{Socket option: receive low-water mark in bytes (Int)}
\usage{Int_Type SO_RCVLOWAT}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_SNDLOWAT}
\synopsis{Socket option: send low-water mark in bytes (Int)}
\usage{Int_Type SO_SNDLOWAT}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_BSDCOMPAT}
\synopsis{Socket option: obsolete BSD compatibility flag (Int)}
\usage{Int_Type SO_BSDCOMPAT}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_PASSCRED}
\synopsis{Socket option: receive sender credentials (Int)}
\usage{Int_Type SO_PASSCRED}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_DEBUG}
\synopsis{Socket option: protocol debugging (Int)}
\usage{Int_Type SO_DEBUG}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_REUSEADDR}
\synopsis{Socket option: allow reuse of local addresses (Int)}
\usage{Int_Type SO_REUSEADDR}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_REUSEPORT}
\synopsis{Socket option: allow several sockets on one port (Int)}
\usage{Int_Type SO_REUSEPORT}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_TYPE}
\synopsis{Socket option: the socket type (Int, get only)}
\usage{Int_Type SO_TYPE}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_ACCEPTCONN}
\synopsis{Socket option: whether the socket listens (Int, get only)}
\usage{Int_Type SO_ACCEPTCONN}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_DOMAIN}
\synopsis{Socket option: the socket domain (Int, get only)}
\usage{Int_Type SO_DOMAIN}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_PROTOCOL}
\synopsis{Socket option: the socket protocol (Int, get only)}
\usage{Int_Type SO_PROTOCOL}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_DONTROUTE}
\synopsis{Socket option: bypass routing (Int)}
\usage{Int_Type SO_DONTROUTE}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_BROADCAST}
\synopsis{Socket option: allow broadcast datagrams (Int)}
\usage{Int_Type SO_BROADCAST}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_SNDBUF}
\synopsis{Socket option: send buffer size (Int)}
\usage{Int_Type SO_SNDBUF}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_RCVBUF}
\synopsis{Socket option: receive buffer size (Int)}
\usage{Int_Type SO_RCVBUF}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_PRIORITY}
\synopsis{Socket option: priority of outgoing packets (Int)}
\usage{Int_Type SO_PRIORITY}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_ERROR}
\synopsis{Socket option: pending socket error (Int, get only)}
\usage{Int_Type SO_ERROR}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_BINDTODEVICE}
\synopsis{Socket option: bind to a network interface (String)}
\usage{Int_Type SO_BINDTODEVICE}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_RCVTIMEO}
\synopsis{Socket option: receive timeout (Struct {tv_sec, tv_usec})}
\usage{Int_Type SO_RCVTIMEO}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_SNDTIMEO}
\synopsis{Socket option: send timeout (Struct {tv_sec, tv_usec})}
\usage{Int_Type SO_SNDTIMEO}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_LINGER}
\synopsis{Socket option: linger on close (Struct {l_onoff, l_linger})}
\usage{Int_Type SO_LINGER}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_PEERCRED}
\synopsis{Socket option: credentials of the peer (Struct {pid, uid, gid}, get only)}
\usage{Int_Type SO_PEERCRED}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_MARK}
\synopsis{Socket option: mark of outgoing packets (Int; setting needs CAP_NET_ADMIN)}
\usage{Int_Type SO_MARK}
\seealso{SO_KEEPALIVE}
\done

\variable{SO_TIMESTAMP}
\synopsis{Socket option: receive timestamps as ancillary data (Int)}
\usage{Int_Type SO_TIMESTAMP}
\seealso{SO_KEEPALIVE, SO_TIMESTAMPNS}
\done

\variable{SO_TIMESTAMPNS}
\synopsis{Socket option: receive nanosecond timestamps as ancillary data (Int)}
\usage{Int_Type SO_TIMESTAMPNS}
\seealso{SO_KEEPALIVE, SO_TIMESTAMP}
\done

\variable{SO_PEERSEC}
\synopsis{Socket option: security label of the peer (String, get only)}
\usage{Int_Type SO_PEERSEC}
\seealso{SO_KEEPALIVE, SO_PEERCRED}
\done

\variable{IP_TTL}
\synopsis{IPv4 options (SOL_IP)}
\usage{setsockopt (s, SOL_IP, IP_*, value); value = getsockopt (s, SOL_IP, IP_*)}
\description
  These are the options of the \icon{SOL_IP} (\icon{IPPROTO_IP})
  level, for \icon{PF_INET} sockets.  Unless stated otherwise the
  value is an Integer, a boolean being 0 or 1.
#v+
    IP_TTL             time to live of outgoing unicast packets
    IP_TOS             type of service (DSCP/ECN) byte
    IP_HDRINCL         raw sockets: the application supplies the header
    IP_MULTICAST_TTL   time to live of outgoing multicast packets
    IP_MULTICAST_LOOP  loop outgoing multicast back to local sockets
    IP_RECVERR         queue extended errors (read with MSG_ERRQUEUE)
    IP_MTU_DISCOVER    path MTU discovery mode (IP_PMTUDISC_* values)
    IP_MTU             current path MTU of a connected socket
                       (get only)
    IP_BIND_ADDRESS_NO_PORT
                       bind with port 0 does not reserve a port yet:
                       connect picks it, so that many outgoing
                       connections from one source address can share
                       local ports (to different destinations)
    IP_PKTINFO         receive packet information
    IP_RECVTOS         receive the TOS byte
    IP_RECVTTL         receive the TTL
    IP_RECVOPTS        receive the IP options
    IP_OPTIONS         BString: IP options sent with each packet
                       (at most 40 bytes)
    IP_ROUTER_ALERT    pass packets with the router alert option
    IP_FREEBIND        allow binding to an address not (yet) present
    IP_TRANSPARENT     transparent proxying (CAP_NET_ADMIN)
    IP_MULTICAST_IF    String: the local address of the interface for
                       outgoing multicast ("0.0.0.0": default)
    IP_ADD_MEMBERSHIP  join a multicast group (set only)
    IP_DROP_MEMBERSHIP leave a multicast group (set only)
#v-
  \icon{IP_ADD_MEMBERSHIP} and \icon{IP_DROP_MEMBERSHIP} take the
  group and optionally the local interface address as String
  arguments, \exmp{setsockopt (s, SOL_IP, IP_ADD_MEMBERSHIP, group [, interface])},
  or a structure \exmp{{imr_multiaddr, imr_interface}} of Strings.
\example
#v+
    setsockopt (s, SOL_IP, IP_TTL, 16);
    setsockopt (u, SOL_IP, IP_ADD_MEMBERSHIP, "239.1.2.3");
    setsockopt (u, SOL_IP, IP_MULTICAST_IF, "192.168.1.5");
    mtu = getsockopt (c, SOL_IP, IP_MTU);

    c = socket (PF_INET, SOCK_STREAM, 0);
    setsockopt (c, SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1);
    bind (c, "192.0.2.7", 0);          % the source address only
    connect (c, "198.51.100.1", 80);   % the port is chosen here
#v-
\seealso{getsockopt, setsockopt, SOL_IP, SO_KEEPALIVE, IPV6_V6ONLY, TCP_NODELAY}
\done

\variable{IP_TOS}
\synopsis{IPv4 option: type of service byte (Int)}
\usage{Int_Type IP_TOS}
\seealso{IP_TTL}
\done

\variable{IP_HDRINCL}
\synopsis{IPv4 option: header included with raw data (Int)}
\usage{Int_Type IP_HDRINCL}
\seealso{IP_TTL}
\done

\variable{IP_MULTICAST_TTL}
\synopsis{IPv4 option: time to live of multicast packets (Int)}
\usage{Int_Type IP_MULTICAST_TTL}
\seealso{IP_TTL}
\done

\variable{IP_MULTICAST_LOOP}
\synopsis{IPv4 option: loop back outgoing multicast (Int)}
\usage{Int_Type IP_MULTICAST_LOOP}
\seealso{IP_TTL}
\done

\variable{IP_RECVERR}
\synopsis{IPv4 option: queue extended errors (Int)}
\usage{Int_Type IP_RECVERR}
\seealso{IP_TTL}
\done

\variable{IP_MTU_DISCOVER}
\synopsis{IPv4 option: path MTU discovery mode (Int)}
\usage{Int_Type IP_MTU_DISCOVER}
\seealso{IP_TTL}
\done

\variable{IP_MTU}
\synopsis{IPv4 option: current path MTU (Int, get only)}
\usage{Int_Type IP_MTU}
\seealso{IP_TTL}
\done

\variable{IP_BIND_ADDRESS_NO_PORT}
\synopsis{IPv4 option: bind to port 0 without reserving a port until connect (Int)}
\usage{Int_Type IP_BIND_ADDRESS_NO_PORT}
\seealso{IP_TTL}
\done

\variable{IP_PKTINFO}
\synopsis{IPv4 option: receive packet information (Int)}
\usage{Int_Type IP_PKTINFO}
\seealso{IP_TTL}
\done

\variable{IP_RECVTOS}
\synopsis{IPv4 option: receive the TOS byte (Int)}
\usage{Int_Type IP_RECVTOS}
\seealso{IP_TTL}
\done

\variable{IP_RECVTTL}
\synopsis{IPv4 option: receive the TTL (Int)}
\usage{Int_Type IP_RECVTTL}
\seealso{IP_TTL}
\done

\variable{IP_RECVOPTS}
\synopsis{IPv4 option: receive IP options (Int)}
\usage{Int_Type IP_RECVOPTS}
\seealso{IP_TTL}
\done

\variable{IP_OPTIONS}
\synopsis{IPv4 option: IP options sent with each packet (BString)}
\usage{Int_Type IP_OPTIONS}
\seealso{IP_TTL}
\done

\variable{IP_ROUTER_ALERT}
\synopsis{IPv4 option: pass router alert packets (Int)}
\usage{Int_Type IP_ROUTER_ALERT}
\seealso{IP_TTL}
\done

\variable{IP_FREEBIND}
\synopsis{IPv4 option: allow binding to non-local addresses (Int)}
\usage{Int_Type IP_FREEBIND}
\seealso{IP_TTL}
\done

\variable{IP_TRANSPARENT}
\synopsis{IPv4 option: transparent proxying (Int)}
\usage{Int_Type IP_TRANSPARENT}
\seealso{IP_TTL}
\done

\variable{IP_ADD_MEMBERSHIP}
\synopsis{IPv4 option: join a multicast group (set only)}
\usage{Int_Type IP_ADD_MEMBERSHIP}
\seealso{IP_TTL}
\done

\variable{IP_DROP_MEMBERSHIP}
\synopsis{IPv4 option: leave a multicast group (set only)}
\usage{Int_Type IP_DROP_MEMBERSHIP}
\seealso{IP_TTL}
\done

\variable{IP_MULTICAST_IF}
\synopsis{IPv4 option: interface for outgoing multicast (String)}
\usage{Int_Type IP_MULTICAST_IF}
\seealso{IP_TTL}
\done

\variable{IPV6_V6ONLY}
\synopsis{IPv6 options (IPPROTO_IPV6)}
\usage{setsockopt (s, IPPROTO_IPV6, IPV6_*, value); value = getsockopt (s, IPPROTO_IPV6, IPV6_*)}
\description
  These are the options of the \icon{IPPROTO_IPV6} (\icon{SOL_IPV6})
  level, for \icon{PF_INET6} sockets.  Unless stated otherwise the
  value is an Integer, a boolean being 0 or 1.
#v+
    IPV6_V6ONLY          1: IPv6 only; 0: also reachable over IPv4
                         (IPv4 peers appear as "::ffff:a.b.c.d")
    IPV6_UNICAST_HOPS    hop limit of outgoing unicast packets
    IPV6_MULTICAST_HOPS  hop limit of outgoing multicast packets
    IPV6_MULTICAST_LOOP  loop outgoing multicast back to local sockets
    IPV6_MULTICAST_IF    interface index for outgoing multicast
    IPV6_RECVPKTINFO     receive packet information
    IPV6_TCLASS          traffic class of outgoing packets
    IPV6_RECVHOPLIMIT    receive the hop limit of each packet
    IPV6_RECVTCLASS      receive the traffic class of each packet
    IPV6_RECVERR         queue extended errors (read with MSG_ERRQUEUE)
    IPV6_MTU             current path MTU of a connected socket
                         (get only; ENOTCONN if not connected)
    IPV6_JOIN_GROUP      join a multicast group (set only)
    IPV6_LEAVE_GROUP     leave a multicast group (set only)
#v-
  \icon{IPV6_JOIN_GROUP} and \icon{IPV6_LEAVE_GROUP} take a structure
  \exmp{{ipv6mr_multiaddr, ipv6mr_interface}}: the group address as a
  String and the interface index as an Integer (0: chosen by the
  system).

  What \icon{IPV6_RECVPKTINFO}, \icon{IPV6_RECVHOPLIMIT} and
  \icon{IPV6_RECVTCLASS} ask for arrives as ancillary (control) data
  with each packet (\icon{IPV6_PKTINFO} is the type of the packet
  information message).  \ifun{recvmsg} returns it, decoded;
  \ifun{recv} and \ifun{recvfrom} return only the data.  Likewise
  \ifun{recv} with \icon{MSG_ERRQUEUE} returns the data of a queued
  error, and \ifun{recvmsg} its description.
\example
#v+
    s = socket (PF_INET6, SOCK_STREAM, 0);
    setsockopt (s, IPPROTO_IPV6, IPV6_V6ONLY, 0);
    bind (s, "", 8080);        % IPv6 and IPv4 clients

    mreq = struct { ipv6mr_multiaddr = "ff12::1234", ipv6mr_interface = 0 };
    setsockopt (u6, IPPROTO_IPV6, IPV6_JOIN_GROUP, mreq);

    connect (u6, "2001:db8::1", 9);
    mtu = getsockopt (u6, IPPROTO_IPV6, IPV6_MTU);
#v-
\seealso{getsockopt, setsockopt, create_server, IPPROTO_IPV6, IPV6_PKTINFO, IP_TTL, SO_KEEPALIVE, TCP_NODELAY}
\done

\variable{IPV6_UNICAST_HOPS}
\synopsis{IPv6 option: hop limit of unicast packets (Int)}
\usage{Int_Type IPV6_UNICAST_HOPS}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_MULTICAST_HOPS}
\synopsis{IPv6 option: hop limit of multicast packets (Int)}
\usage{Int_Type IPV6_MULTICAST_HOPS}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_MULTICAST_LOOP}
\synopsis{IPv6 option: loop back outgoing multicast (Int)}
\usage{Int_Type IPV6_MULTICAST_LOOP}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_MULTICAST_IF}
\synopsis{IPv6 option: interface index for outgoing multicast (Int)}
\usage{Int_Type IPV6_MULTICAST_IF}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_JOIN_GROUP}
\synopsis{IPv6 option: join a multicast group (Struct, set only)}
\usage{Int_Type IPV6_JOIN_GROUP}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_LEAVE_GROUP}
\synopsis{IPv6 option: leave a multicast group (Struct, set only)}
\usage{Int_Type IPV6_LEAVE_GROUP}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_RECVPKTINFO}
\synopsis{IPv6 option: receive packet information (Int)}
\usage{Int_Type IPV6_RECVPKTINFO}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_TCLASS}
\synopsis{IPv6 option: traffic class (Int)}
\usage{Int_Type IPV6_TCLASS}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_RECVHOPLIMIT}
\synopsis{IPv6 option: receive the hop limit as ancillary data (Int)}
\usage{Int_Type IPV6_RECVHOPLIMIT}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_RECVTCLASS}
\synopsis{IPv6 option: receive the traffic class as ancillary data (Int)}
\usage{Int_Type IPV6_RECVTCLASS}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_RECVERR}
\synopsis{IPv6 option: queue extended errors (Int)}
\usage{Int_Type IPV6_RECVERR}
\seealso{IPV6_V6ONLY, MSG_ERRQUEUE}
\done

\variable{IPV6_MTU}
\synopsis{IPv6 option: current path MTU of a connected socket (Int, get only)}
\usage{Int_Type IPV6_MTU}
\seealso{IPV6_V6ONLY}
\done

\variable{IPV6_PKTINFO}
\synopsis{Control message type: IPv6 packet information}
\usage{Int_Type IPV6_PKTINFO}
\description
  \icon{IPV6_PKTINFO} is the type, at level \icon{IPPROTO_IPV6}, of
  the ancillary (control) message that carries a packet's address and
  interface index: the destination address and arrival interface of a
  received packet (delivered when \icon{IPV6_RECVPKTINFO} is set), or
  the source address and outgoing interface chosen for a packet sent.
  It is not a socket option here (\ifun{getsockopt} with it raises
  \exc{NotImplementedError}); \ifun{recvmsg} returns it as a Struct
  \exmp{{ifindex, addr}} and \ifun{sendmsg} takes one.
\seealso{recvmsg, sendmsg, IPV6_V6ONLY, SCM_RIGHTS}
\done

\variable{IPV6_HOPLIMIT}
\synopsis{Control message type: the hop limit of an IPv6 packet (Int)}
\usage{Int_Type IPV6_HOPLIMIT}
\description
  \icon{IPV6_HOPLIMIT} is the type, at level \icon{IPPROTO_IPV6}, of
  the ancillary message that carries a received packet's hop limit
  (delivered when \icon{IPV6_RECVHOPLIMIT} is set) or the hop limit
  for one packet sent with \ifun{sendmsg}.  The data is an Int.
\seealso{recvmsg, sendmsg, IPV6_RECVHOPLIMIT, IPV6_PKTINFO}
\done

\variable{TCP_NODELAY}
\synopsis{TCP options (SOL_TCP)}
\usage{setsockopt (s, SOL_TCP, TCP_*, value); value = getsockopt (s, SOL_TCP, TCP_*)}
\description
  These are the options of the \icon{SOL_TCP} (\icon{IPPROTO_TCP})
  level, for TCP sockets.  Unless stated otherwise the value is an
  Integer, a boolean being 0 or 1.
#v+
    TCP_NODELAY        send small segments at once (no Nagle delay)
    TCP_MAXSEG         maximum segment size
    TCP_KEEPIDLE       idle seconds before keep-alive probes start
                       (with SO_KEEPALIVE)
    TCP_KEEPINTVL      seconds between keep-alive probes
    TCP_KEEPCNT        probes without answer before the connection drops
    TCP_USER_TIMEOUT   milliseconds unacknowledged data may wait before
                       the connection is dropped (0: system default)
    TCP_QUICKACK       send acknowledgements at once (not permanent)
    TCP_CORK           hold partial segments until uncorked
    TCP_FASTOPEN       listeners: length of the TCP Fast Open queue
    TCP_NOTSENT_LOWAT  limit of unsent bytes before the socket is no
                       longer writable
    TCP_SYNCNT         SYN retransmissions before connect gives up
    TCP_LINGER2        lifetime of orphaned FIN_WAIT2 sockets, seconds
    TCP_DEFER_ACCEPT   listeners: wake accept only when data arrived,
                       waiting at most this many seconds
    TCP_WINDOW_CLAMP   bound on the advertised window size
    TCP_FASTOPEN_CONNECT
                       clients: connect returns at once and the data
                       of the first send travels in the SYN (TCP Fast
                       Open; a full handshake if no cookie is cached)
    TCP_CONGESTION     String: the congestion control algorithm, e.g.
                       "cubic", "reno", "bbr"
    TCP_INFO           Struct: state and statistics of the connection
                       (get only; see below)
#v-
  \icon{TCP_CONGESTION} takes the name of an algorithm the kernel has
  (see /proc/sys/net/ipv4/tcp_available_congestion_control); an
  unknown one raises \exc{SocketError} with \var{errno}
  \icon{ENOENT}, and one that is not in
  /proc/sys/net/ipv4/tcp_allowed_congestion_control needs
  CAP_NET_ADMIN (else \icon{EPERM}).

  \icon{TCP_INFO} returns a structure of Integers, the fields that
  every Linux kernel since 2.6 fills in; times are in microseconds:
#v+
    state          the TCP state, numbered as in the kernel: 1
                   ESTABLISHED, 2 SYN_SENT, 3 SYN_RECV, 4 FIN_WAIT1,
                   5 FIN_WAIT2, 6 TIME_WAIT, 7 CLOSE, 8 CLOSE_WAIT,
                   9 LAST_ACK, 10 LISTEN, 11 CLOSING
    ca_state       congestion avoidance state: 0 open, 1 disorder,
                   2 CWR, 3 recovery, 4 loss
    retransmits    retransmission timeouts in a row, not yet recovered
    rto            the retransmission timeout
    ato            the delayed acknowledgement timeout
    snd_mss        maximum segment size for sending, in bytes
    rcv_mss        estimate of the peer's segment size, in bytes
    lost           segments in flight thought lost
    retrans        segments in flight retransmitted
    rtt            the smoothed round-trip time
    rttvar         its mean deviation
    snd_ssthresh   slow start threshold, in segments
    snd_cwnd       congestion window, in segments
    total_retrans  retransmissions over the life of the connection
#v-
\example
#v+
    setsockopt (s, SOL_TCP, TCP_NODELAY, 1);
    setsockopt (s, SOL_SOCKET, SO_KEEPALIVE, 1);
    setsockopt (s, SOL_TCP, TCP_KEEPIDLE, 60);
    setsockopt (s, SOL_TCP, TCP_KEEPINTVL, 10);
    setsockopt (s, SOL_TCP, TCP_KEEPCNT, 5);

    setsockopt (s, SOL_TCP, TCP_CONGESTION, "reno");
    info = getsockopt (s, SOL_TCP, TCP_INFO);
    if (info.state == 1)          % ESTABLISHED
      vmessage ("rtt %.3f ms, cwnd %d", info.rtt/1000.0, info.snd_cwnd);
#v-
\seealso{getsockopt, setsockopt, SOL_TCP, MSG_FASTOPEN, SO_KEEPALIVE, IP_TTL, IPV6_V6ONLY}
\done

\variable{TCP_MAXSEG}
\synopsis{TCP option: maximum segment size (Int)}
\usage{Int_Type TCP_MAXSEG}
\seealso{TCP_NODELAY}
\done

\variable{TCP_KEEPIDLE}
\synopsis{TCP option: idle time before keep-alive probes (Int)}
\usage{Int_Type TCP_KEEPIDLE}
\seealso{TCP_NODELAY}
\done

\variable{TCP_KEEPINTVL}
\synopsis{TCP option: interval between keep-alive probes (Int)}
\usage{Int_Type TCP_KEEPINTVL}
\seealso{TCP_NODELAY}
\done

\variable{TCP_KEEPCNT}
\synopsis{TCP option: number of keep-alive probes (Int)}
\usage{Int_Type TCP_KEEPCNT}
\seealso{TCP_NODELAY}
\done

\variable{TCP_USER_TIMEOUT}
\synopsis{TCP option: timeout for unacknowledged data in ms (Int)}
\usage{Int_Type TCP_USER_TIMEOUT}
\seealso{TCP_NODELAY}
\done

\variable{TCP_QUICKACK}
\synopsis{TCP option: quick acknowledgements (Int)}
\usage{Int_Type TCP_QUICKACK}
\seealso{TCP_NODELAY}
\done

\variable{TCP_CORK}
\synopsis{TCP option: hold partial segments (Int)}
\usage{Int_Type TCP_CORK}
\seealso{TCP_NODELAY}
\done

\variable{TCP_FASTOPEN}
\synopsis{TCP option: TCP Fast Open queue length (Int)}
\usage{Int_Type TCP_FASTOPEN}
\seealso{TCP_NODELAY}
\done

\variable{TCP_NOTSENT_LOWAT}
\synopsis{TCP option: unsent data low-water mark (Int)}
\usage{Int_Type TCP_NOTSENT_LOWAT}
\seealso{TCP_NODELAY}
\done

\variable{TCP_SYNCNT}
\synopsis{TCP option: number of SYN retransmissions (Int)}
\usage{Int_Type TCP_SYNCNT}
\seealso{TCP_NODELAY}
\done

\variable{TCP_LINGER2}
\synopsis{TCP option: lifetime of orphaned FIN_WAIT2 sockets (Int)}
\usage{Int_Type TCP_LINGER2}
\seealso{TCP_NODELAY}
\done

\variable{TCP_DEFER_ACCEPT}
\synopsis{TCP option: defer accept until data arrives (Int)}
\usage{Int_Type TCP_DEFER_ACCEPT}
\seealso{TCP_NODELAY}
\done

\variable{TCP_WINDOW_CLAMP}
\synopsis{TCP option: bound on the advertised window (Int)}
\usage{Int_Type TCP_WINDOW_CLAMP}
\seealso{TCP_NODELAY}
\done

\variable{TCP_FASTOPEN_CONNECT}
\synopsis{TCP option: send the first data in the SYN of connect (Int)}
\usage{Int_Type TCP_FASTOPEN_CONNECT}
\seealso{TCP_NODELAY, TCP_FASTOPEN, MSG_FASTOPEN}
\done

\variable{TCP_CONGESTION}
\synopsis{TCP option: congestion control algorithm (String)}
\usage{Int_Type TCP_CONGESTION}
\seealso{TCP_NODELAY}
\done

\variable{TCP_INFO}
\synopsis{TCP option: connection state and statistics (Struct, get only)}
\usage{Int_Type TCP_INFO}
\seealso{TCP_NODELAY}
\done

\variable{SHUT_RD}
\synopsis{How to shut down a connection}
\usage{Int_Type SHUT_RD, SHUT_WR, SHUT_RDWR}
\description
  These constants are the \var{how} argument of \ifun{shutdown}:
#v+
    SHUT_RD     no more receptions
    SHUT_WR     no more transmissions: the peer reads end of file
    SHUT_RDWR   neither
#v-
\example
#v+
    shutdown (s, SHUT_WR);
#v-
\seealso{shutdown}
\done

\variable{SHUT_WR}
\synopsis{Shut down the sending side of a connection}
\usage{Int_Type SHUT_WR}
\seealso{SHUT_RD}
\done

\variable{SHUT_RDWR}
\synopsis{Shut down both sides of a connection}
\usage{Int_Type SHUT_RDWR}
\seealso{SHUT_RD}
\done

\variable{MSG_PEEK}
\synopsis{Flags for sending and receiving}
\usage{Int_Type MSG_PEEK, MSG_OOB, MSG_WAITALL, MSG_DONTWAIT, MSG_TRUNC, MSG_NOSIGNAL, MSG_CTRUNC, MSG_EOR, MSG_MORE, MSG_DONTROUTE, MSG_CMSG_CLOEXEC, MSG_ERRQUEUE, MSG_FASTOPEN}
\description
  These flags, or-ed together, are the \var{flags} argument of
  \ifun{send}, \ifun{sendto}, \ifun{recv} and \ifun{recvfrom}:
#v+
    MSG_PEEK          recv: return data without removing it
    MSG_OOB           send or receive out-of-band data
    MSG_WAITALL       recv: wait for the full amount (unless a signal,
                      an error, the end of stream or the timeout=
                      deadline comes first; see recv)
    MSG_DONTWAIT      this call only: do not block (EAGAIN instead)
    MSG_TRUNC         recv on a raw or datagram socket: see recv(2);
                      on TCP the data is discarded (the BString
                      returned holds that many zero bytes)
    MSG_NOSIGNAL      send: no SIGPIPE (always added by this module)
    MSG_CTRUNC        reported when control data was truncated (see
                      recv_fds)
    MSG_EOR           send: end of record (SOCK_SEQPACKET)
    MSG_MORE          send: more data follows; delay sending
    MSG_DONTROUTE     send: only to directly connected hosts
    MSG_CMSG_CLOEXEC  descriptors received are close-on-exec (always
                      used by recv_fds)
    MSG_ERRQUEUE      recv: read the queue of errors (IP_RECVERR,
                      IPV6_RECVERR)
    MSG_FASTOPEN      sendto on a TCP socket not yet connected: connect
                      to the address and send the data in the SYN (TCP
                      Fast Open; the server needs TCP_FASTOPEN)
#v-
\example
#v+
    head = recv (s, 4, MSG_PEEK);          % look, leave it queued
    data = recv (s, 1024, MSG_DONTWAIT);   % EAGAIN if nothing there

    c = socket (PF_INET, SOCK_STREAM, 0);
    () = sendto (c, "GET / HTTP/1.0\r\n\r\n", MSG_FASTOPEN, host, 80);
#v-
\seealso{send, sendto, recv, recvfrom, recv_fds}
\done

\variable{MSG_OOB}
\synopsis{Send or receive out-of-band data}
\usage{Int_Type MSG_OOB}
\seealso{MSG_PEEK}
\done

\variable{MSG_WAITALL}
\synopsis{Receive: wait for the full amount of data}
\usage{Int_Type MSG_WAITALL}
\seealso{MSG_PEEK}
\done

\variable{MSG_DONTWAIT}
\synopsis{Do not block in this call}
\usage{Int_Type MSG_DONTWAIT}
\seealso{MSG_PEEK}
\done

\variable{MSG_TRUNC}
\synopsis{Receive: report or discard truncated datagrams}
\usage{Int_Type MSG_TRUNC}
\seealso{MSG_PEEK}
\done

\variable{MSG_NOSIGNAL}
\synopsis{Send: no SIGPIPE (always used by this module)}
\usage{Int_Type MSG_NOSIGNAL}
\seealso{MSG_PEEK}
\done

\variable{MSG_CTRUNC}
\synopsis{Control data was truncated}
\usage{Int_Type MSG_CTRUNC}
\seealso{MSG_PEEK}
\done

\variable{MSG_EOR}
\synopsis{Send: end of record}
\usage{Int_Type MSG_EOR}
\seealso{MSG_PEEK}
\done

\variable{MSG_MORE}
\synopsis{Send: more data follows}
\usage{Int_Type MSG_MORE}
\seealso{MSG_PEEK}
\done

\variable{MSG_DONTROUTE}
\synopsis{Send: bypass routing}
\usage{Int_Type MSG_DONTROUTE}
\seealso{MSG_PEEK}
\done

\variable{MSG_CMSG_CLOEXEC}
\synopsis{Receive: received descriptors are close-on-exec}
\usage{Int_Type MSG_CMSG_CLOEXEC}
\seealso{MSG_PEEK}
\done

\variable{MSG_ERRQUEUE}
\synopsis{Receive: read the error queue}
\usage{Int_Type MSG_ERRQUEUE}
\seealso{MSG_PEEK}
\done

\variable{MSG_FASTOPEN}
\synopsis{Send: connect and send the data in the SYN (TCP Fast Open)}
\usage{Int_Type MSG_FASTOPEN}
\seealso{MSG_PEEK, sendto, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT}
\done

\variable{SCM_RIGHTS}
\synopsis{Control message types of unix sockets}
\usage{Int_Type SCM_RIGHTS, SCM_CREDENTIALS}
\description
  These are the types, at level \icon{SOL_SOCKET}, of the ancillary
  (control) messages that unix domain sockets carry with the data:
#v+
    SCM_RIGHTS       open file descriptors, passed to the receiver
                     (what send_fds and recv_fds use)
    SCM_CREDENTIALS  the sender's process credentials {pid, uid, gid},
                     checked by the kernel; received only when the
                     receiver has set SO_PASSCRED
#v-
  They are defined where the system has them.  \ifun{sendmsg} and
  \ifun{recvmsg} take and give them (an Array of \dtype{FD_Type}, a
  Struct \exmp{{pid, uid, gid}}); \ifun{send_fds} and \ifun{recv_fds}
  are the short form for descriptors.  The credentials of a connected
  peer can also be read with
  \exmp{getsockopt (s, SOL_SOCKET, SO_PEERCRED)}.
\seealso{sendmsg, recvmsg, send_fds, recv_fds, SO_PASSCRED, SO_PEERCRED, IPV6_PKTINFO}
\done

\variable{SCM_CREDENTIALS}
\synopsis{Control message type: sender credentials (unix sockets)}
\usage{Int_Type SCM_CREDENTIALS}
\seealso{SCM_RIGHTS}
\done

\variable{SOMAXCONN}
\synopsis{The largest backlog for listen}
\usage{Int_Type SOMAXCONN}
\description
  \icon{SOMAXCONN} is the system's default upper limit of the
  \var{max_pending} argument of \ifun{listen}; a larger value is
  silently capped by the kernel (the actual limit is
  /proc/sys/net/core/somaxconn).
\example
#v+
    listen (s, SOMAXCONN);
#v-
\seealso{listen, create_server}
\done

\variable{AI_PASSIVE}
\synopsis{Flags for getaddrinfo}
\usage{Int_Type AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_V4MAPPED, AI_ALL, AI_ADDRCONFIG}
\description
  These flags, or-ed together, are the \var{flags} argument of
  \ifun{getaddrinfo}:
#v+
    AI_PASSIVE      with no host: the wildcard address, for bind
    AI_CANONNAME    fill the canonname field of the first result
    AI_NUMERICHOST  the host must be numeric: no name lookup
    AI_NUMERICSERV  the service must be a number: no service lookup
    AI_V4MAPPED     with AF_INET6: return IPv4 addresses as
                    IPv4-mapped IPv6 addresses if there are no others
    AI_ALL          with AI_V4MAPPED: return both kinds
    AI_ADDRCONFIG   only families the host has an address of
#v-
\example
#v+
    a = getaddrinfo (NULL, 8080, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE);
    a = getaddrinfo ("example.com", "https", AF_UNSPEC, SOCK_STREAM, 0,
                     AI_CANONNAME|AI_ADDRCONFIG);
#v-
\seealso{getaddrinfo, NI_NUMERICHOST}
\done

\variable{AI_CANONNAME}
\synopsis{getaddrinfo flag: return the canonical name}
\usage{Int_Type AI_CANONNAME}
\seealso{AI_PASSIVE}
\done

\variable{AI_NUMERICHOST}
\synopsis{getaddrinfo flag: the host is numeric}
\usage{Int_Type AI_NUMERICHOST}
\seealso{AI_PASSIVE}
\done

\variable{AI_NUMERICSERV}
\synopsis{getaddrinfo flag: the service is numeric}
\usage{Int_Type AI_NUMERICSERV}
\seealso{AI_PASSIVE}
\done

\variable{AI_V4MAPPED}
\synopsis{getaddrinfo flag: IPv4-mapped IPv6 addresses}
\usage{Int_Type AI_V4MAPPED}
\seealso{AI_PASSIVE}
\done

\variable{AI_ALL}
\synopsis{getaddrinfo flag: IPv6 and IPv4-mapped addresses}
\usage{Int_Type AI_ALL}
\seealso{AI_PASSIVE}
\done

\variable{AI_ADDRCONFIG}
\synopsis{getaddrinfo flag: only configured families}
\usage{Int_Type AI_ADDRCONFIG}
\seealso{AI_PASSIVE}
\done

\variable{NI_NUMERICHOST}
\synopsis{Flags for getnameinfo}
\usage{Int_Type NI_NUMERICHOST, NI_NUMERICSERV, NI_NAMEREQD, NI_DGRAM, NI_NOFQDN}
\description
  These flags, or-ed together, are the \var{flags} argument of
  \ifun{getnameinfo}:
#v+
    NI_NUMERICHOST  return the numeric address, no reverse lookup
    NI_NUMERICSERV  return the port number, not the service name
    NI_NAMEREQD     fail (SocketHError) if the host has no name
    NI_DGRAM        the service is a datagram one (e.g. UDP ports)
    NI_NOFQDN       return only the host part of local names
#v-
\example
#v+
    (name, service) = getnameinfo ("127.0.0.1", 53, NI_DGRAM);
#v-
\seealso{getnameinfo, AI_PASSIVE}
\done

\variable{NI_NUMERICSERV}
\synopsis{getnameinfo flag: numeric service}
\usage{Int_Type NI_NUMERICSERV}
\seealso{NI_NUMERICHOST}
\done

\variable{NI_NAMEREQD}
\synopsis{getnameinfo flag: a host name is required}
\usage{Int_Type NI_NAMEREQD}
\seealso{NI_NUMERICHOST}
\done

\variable{NI_DGRAM}
\synopsis{getnameinfo flag: datagram service}
\usage{Int_Type NI_DGRAM}
\seealso{NI_NUMERICHOST}
\done

\variable{NI_NOFQDN}
\synopsis{getnameinfo flag: short local host names}
\usage{Int_Type NI_NOFQDN}
\seealso{NI_NUMERICHOST}
\done

\variable{HOST_NOT_FOUND}
\synopsis{Values of h_errno}
\usage{Int_Type HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY, NO_DATA}
\description
  When a name cannot be resolved, \exc{SocketHError} is thrown and
  \var{h_errno} is set to the closest of these values:
#v+
    HOST_NOT_FOUND  no such host
    TRY_AGAIN       temporary failure (e.g. the name server did not
                    answer); the same call may succeed later
    NO_RECOVERY     permanent failure of the name server
    NO_DATA         the name exists but has no address of the
                    requested kind
#v-
\example
#v+
    catch SocketHError:
      {
         if (h_errno == TRY_AGAIN) sleep (1);
      }
#v-
\seealso{h_errno, SocketHError, getaddrinfo}
\done

\variable{TRY_AGAIN}
\synopsis{h_errno value: temporary name resolution failure}
\usage{Int_Type TRY_AGAIN}
\seealso{HOST_NOT_FOUND}
\done

\variable{NO_RECOVERY}
\synopsis{h_errno value: permanent name resolution failure}
\usage{Int_Type NO_RECOVERY}
\seealso{HOST_NOT_FOUND}
\done

\variable{NO_DATA}
\synopsis{h_errno value: the name has no address of the requested kind}
\usage{Int_Type NO_DATA}
\seealso{HOST_NOT_FOUND}
\done

\variable{IFF_UP}
\synopsis{getifaddrs flags: the interface is up}
\usage{Int_Type IFF_UP, IFF_BROADCAST, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_RUNNING, IFF_MULTICAST}
\description
  Bits of the \exmp{flags} field of \ifun{getifaddrs}' structures:
#v+
    IFF_UP           the interface is up (administratively)
    IFF_RUNNING      it is operational (a carrier, resources)
    IFF_LOOPBACK     it is a loopback interface
    IFF_BROADCAST    it has a broadcast address (broadaddr)
    IFF_POINTOPOINT  it is point-to-point (broadaddr is the peer)
    IFF_MULTICAST    it supports multicast
#v-
\example
#v+
    foreach x (getifaddrs ())
      if ((x.flags & IFF_UP) && not (x.flags & IFF_LOOPBACK)) message (x.name);
#v-
\seealso{getifaddrs}
\done

\variable{IFF_BROADCAST}
\synopsis{getifaddrs flags: the interface has a broadcast address}
\usage{Int_Type IFF_BROADCAST}
\seealso{IFF_UP, getifaddrs}
\done

\variable{IFF_LOOPBACK}
\synopsis{getifaddrs flags: a loopback interface}
\usage{Int_Type IFF_LOOPBACK}
\seealso{IFF_UP, getifaddrs}
\done

\variable{IFF_POINTOPOINT}
\synopsis{getifaddrs flags: a point-to-point interface}
\usage{Int_Type IFF_POINTOPOINT}
\seealso{IFF_UP, getifaddrs}
\done

\variable{IFF_RUNNING}
\synopsis{getifaddrs flags: the interface is operational}
\usage{Int_Type IFF_RUNNING}
\seealso{IFF_UP, getifaddrs}
\done

\variable{IFF_MULTICAST}
\synopsis{getifaddrs flags: the interface supports multicast}
\usage{Int_Type IFF_MULTICAST}
\seealso{IFF_UP, getifaddrs}
\done

\variable{AF_PACKET}
\synopsis{The link-level address family (same as PF_PACKET)}
\usage{Int_Type AF_PACKET}
\description
  The domain of packet sockets (see \icon{PF_NETLINK}), and the
  \exmp{family} of the \ifun{getifaddrs} entries that give an
  interface's hardware address (\exmp{addr} such as
  \exmp{"02:fc:00:00:00:01"}).
\seealso{PF_NETLINK, getifaddrs}
\done

\variable{POLLIN}
\synopsis{Events for poll}
\usage{Int_Type POLLIN, POLLOUT, POLLPRI, POLLERR, POLLHUP, POLLNVAL, POLLRDHUP}
\description
  These are the events that \ifun{poll} waits for and reports:
#v+
    POLLIN     data to read (or a connection to accept, or end of file)
    POLLOUT    writing will not block (or a connect has completed)
    POLLPRI    urgent (out-of-band) data to read
    POLLRDHUP  the peer closed or shut down its sending side
    POLLERR    an error is pending (reported even if not asked for)
    POLLHUP    hang up (reported even if not asked for)
    POLLNVAL   the descriptor is not open (reported even if not asked)
#v-
\example
#v+
    r = poll ([a, b], POLLIN|POLLRDHUP, 1.0);
    if (r[0] & POLLIN) data = recv (a, 4096);
#v-
\seealso{poll}
\done

\variable{POLLOUT}
\synopsis{poll event: writing will not block}
\usage{Int_Type POLLOUT}
\seealso{POLLIN}
\done

\variable{POLLPRI}
\synopsis{poll event: urgent data to read}
\usage{Int_Type POLLPRI}
\seealso{POLLIN}
\done

\variable{POLLERR}
\synopsis{poll event: error condition}
\usage{Int_Type POLLERR}
\seealso{POLLIN}
\done

\variable{POLLHUP}
\synopsis{poll event: hang up}
\usage{Int_Type POLLHUP}
\seealso{POLLIN}
\done

\variable{POLLNVAL}
\synopsis{poll event: descriptor not open}
\usage{Int_Type POLLNVAL}
\seealso{POLLIN}
\done

\variable{POLLRDHUP}
\synopsis{poll event: peer closed its sending side}
\usage{Int_Type POLLRDHUP}
\seealso{POLLIN}
\done

\variable{PF_NETLINK}
\synopsis{Netlink, packet and vsock sockets (Linux)}
\usage{Int_Type PF_NETLINK, AF_NETLINK, PF_PACKET, AF_PACKET, PF_VSOCK, AF_VSOCK}
\description
  The domains beyond unix and internet that \ifun{socket} supports,
  each with its own address-args (see \ifun{connect}):
#v+
    PF_NETLINK AF_NETLINK  messages to and from the kernel (routing,
                           links, addresses, uevents, ...)
                           address-args: pid, groups
    PF_PACKET  AF_PACKET   link-level frames (needs CAP_NET_RAW)
                           address-args: ifname, protocol
    PF_VSOCK   AF_VSOCK    between virtual machines and their host
                           address-args: cid, port
#v-
  A netlink socket is \icon{SOCK_RAW} or \icon{SOCK_DGRAM}, with a
  \icon{NETLINK_ROUTE}-like protocol.  Its messages are C structs in
  the host's byte order, built with \ifun{pack} and read with
  \ifun{unpack}: a 16-byte header (\exmp{"K J J K K"}: length, type,
  flags, sequence, pid), then the message's own struct and attributes
  (4-byte length and type, padded to 4 bytes); the module adds no
  parser of its own.  The example lists the links, as
  \exmp{examples/netlink_links.sl} does in full.

  A packet socket (\icon{SOCK_RAW}: whole frames; \icon{SOCK_DGRAM}:
  without the link-level header) is best made with protocol 0 and
  bound to an interface and a protocol: it receives from the moment
  of the \ifun{bind}.

  A vsock socket is \icon{SOCK_STREAM} (or \icon{SOCK_SEQPACKET}).
  Talking to oneself over \icon{VMADDR_CID_LOCAL} needs the kernel's
  vsock loopback transport (module \exmp{vsock_loopback}); without it
  \ifun{bind} to that cid raises \icon{EADDRNOTAVAIL}.
\example
#v+
    s = socket (PF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    bind (s, 0, 0);                      % the kernel picks our pid
    req = pack ("K J J K K C C J k K K", 32, RTM_GETLINK,
                NLM_F_REQUEST | NLM_F_DUMP, 1, 0, AF_UNSPEC, 0, 0, 0, 0, 0);
    () = sendto (s, req, 0, 0, 0);       % to the kernel: pid 0
    (data, pid, groups) = recvfrom (s, 65536; timeout=5);
    (len, type) = unpack ("K J", data[[0:5]]);  % RTM_NEWLINK, ...

    p = socket (PF_PACKET, SOCK_RAW, 0);
    bind (p, "lo", ETH_P_ALL);
    (frame, ifname, protocol) = recvfrom (p, 65536);

    v = socket (PF_VSOCK, SOCK_STREAM, 0);
    connect (v, VMADDR_CID_HOST, 1234; timeout=5);
#v-
\seealso{socket, connect, bind, recvfrom, NETLINK_ROUTE, NLM_F_REQUEST, NLMSG_DONE, RTM_GETLINK, IFLA_IFNAME, RTMGRP_LINK, ETH_P_ALL, PACKET_HOST, VMADDR_CID_ANY, PF_UNIX}
\done

\variable{AF_NETLINK}
\synopsis{Address family of netlink sockets (same as PF_NETLINK)}
\usage{Int_Type AF_NETLINK}
\seealso{PF_NETLINK}
\done

\variable{PF_PACKET}
\synopsis{Domain of link-level packet sockets}
\usage{Int_Type PF_PACKET}
\seealso{PF_NETLINK, AF_PACKET}
\done

\variable{PF_VSOCK}
\synopsis{Domain of vsock sockets (virtual machines and their host)}
\usage{Int_Type PF_VSOCK}
\seealso{PF_NETLINK}
\done

\variable{AF_VSOCK}
\synopsis{Address family of vsock sockets (same as PF_VSOCK)}
\usage{Int_Type AF_VSOCK}
\seealso{PF_NETLINK}
\done

\variable{NETLINK_ROUTE}
\synopsis{Netlink protocols: the kernel service a netlink socket talks to}
\usage{Int_Type NETLINK_ROUTE, NETLINK_GENERIC, NETLINK_USERSOCK, NETLINK_SOCK_DIAG, NETLINK_NETFILTER, NETLINK_AUDIT, NETLINK_KOBJECT_UEVENT, NETLINK_XFRM}
\description
  The \var{protocol} argument of \exmp{socket (PF_NETLINK, SOCK_RAW,
  protocol)}:
#v+
    NETLINK_ROUTE           links, addresses, routes, neighbours (rtnetlink)
    NETLINK_GENERIC         generic netlink (nl80211, taskstats, ...)
    NETLINK_USERSOCK        reserved for user programs talking to each other
    NETLINK_SOCK_DIAG       socket monitoring (what ss(8) uses)
    NETLINK_NETFILTER       netfilter (nftables, conntrack)
    NETLINK_AUDIT           the audit subsystem
    NETLINK_KOBJECT_UEVENT  device events (what udev listens to)
    NETLINK_XFRM            IPsec
#v-
  Unprivileged processes may talk to the kernel; sending to another
  process's socket needs root except on \icon{NETLINK_USERSOCK}.
\example
#v+
    s = socket (PF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
#v-
\seealso{PF_NETLINK, RTM_GETLINK}
\done

\variable{NETLINK_GENERIC}
\synopsis{Netlink protocol: generic netlink}
\usage{Int_Type NETLINK_GENERIC}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_USERSOCK}
\synopsis{Netlink protocol: user programs talking to each other}
\usage{Int_Type NETLINK_USERSOCK}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_SOCK_DIAG}
\synopsis{Netlink protocol: socket monitoring}
\usage{Int_Type NETLINK_SOCK_DIAG}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_NETFILTER}
\synopsis{Netlink protocol: netfilter}
\usage{Int_Type NETLINK_NETFILTER}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_AUDIT}
\synopsis{Netlink protocol: the audit subsystem}
\usage{Int_Type NETLINK_AUDIT}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_KOBJECT_UEVENT}
\synopsis{Netlink protocol: device events}
\usage{Int_Type NETLINK_KOBJECT_UEVENT}
\seealso{NETLINK_ROUTE}
\done

\variable{NETLINK_XFRM}
\synopsis{Netlink protocol: IPsec}
\usage{Int_Type NETLINK_XFRM}
\seealso{NETLINK_ROUTE}
\done

\variable{NLM_F_REQUEST}
\synopsis{Flags of a netlink message header}
\usage{Int_Type NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO, NLM_F_ROOT, NLM_F_MATCH, NLM_F_DUMP, NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND}
\description
  The 16-bit flags field of a netlink message header (bytes 6 and 7,
  \exmp{"J"} in \ifun{pack}):
#v+
    NLM_F_REQUEST  a request (every message to the kernel has it)
    NLM_F_MULTI    one part of a multipart answer, ended by NLMSG_DONE
    NLM_F_ACK      answer with an NLMSG_ERROR message (error 0: done)
    NLM_F_ECHO     echo the request back
    NLM_F_DUMP     a get request for all objects (NLM_F_ROOT|NLM_F_MATCH)
  for new-object requests:
    NLM_F_REPLACE  replace an existing object
    NLM_F_EXCL     fail if it exists
    NLM_F_CREATE   create it if it does not exist
    NLM_F_APPEND   add to the end of a list
#v-
\example
#v+
    hdr = pack ("K J J K K", 32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
#v-
\seealso{PF_NETLINK, NLMSG_DONE, RTM_GETLINK}
\done

\variable{NLM_F_MULTI}
\synopsis{Netlink message flag: a part of a multipart answer}
\usage{Int_Type NLM_F_MULTI}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_ACK}
\synopsis{Netlink message flag: ask for an acknowledgement}
\usage{Int_Type NLM_F_ACK}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_ECHO}
\synopsis{Netlink message flag: echo the request}
\usage{Int_Type NLM_F_ECHO}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_ROOT}
\synopsis{Netlink message flag: a get request from the root of the tree}
\usage{Int_Type NLM_F_ROOT}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_MATCH}
\synopsis{Netlink message flag: a get request for all matching objects}
\usage{Int_Type NLM_F_MATCH}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_DUMP}
\synopsis{Netlink message flag: a get request for all objects}
\usage{Int_Type NLM_F_DUMP}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_REPLACE}
\synopsis{Netlink message flag: replace an existing object}
\usage{Int_Type NLM_F_REPLACE}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_EXCL}
\synopsis{Netlink message flag: fail if the object exists}
\usage{Int_Type NLM_F_EXCL}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_CREATE}
\synopsis{Netlink message flag: create the object if it does not exist}
\usage{Int_Type NLM_F_CREATE}
\seealso{NLM_F_REQUEST}
\done

\variable{NLM_F_APPEND}
\synopsis{Netlink message flag: add to the end of a list}
\usage{Int_Type NLM_F_APPEND}
\seealso{NLM_F_REQUEST}
\done

\variable{NLMSG_DONE}
\synopsis{Types of netlink control messages}
\usage{Int_Type NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN}
\description
  The message types (bytes 4 and 5 of the header) that every netlink
  protocol shares:
#v+
    NLMSG_NOOP     nothing: skip it
    NLMSG_ERROR    an error or acknowledgement: after the header, an
                   Int (unpack "k") that is 0 or minus an errno value,
                   then the header of the request it answers
    NLMSG_DONE     the end of a multipart (dump) answer
    NLMSG_OVERRUN  data was lost
#v-
\example
#v+
    (len, type) = unpack ("K J", data[[off:off+5]]);
    if (type == NLMSG_ERROR)
      throw RunTimeError, errno_string (-unpack ("k", data[[off+16:off+19]]));
#v-
\seealso{PF_NETLINK, NLM_F_REQUEST}
\done

\variable{NLMSG_NOOP}
\synopsis{Netlink message type: nothing}
\usage{Int_Type NLMSG_NOOP}
\seealso{NLMSG_DONE}
\done

\variable{NLMSG_ERROR}
\synopsis{Netlink message type: an error or acknowledgement}
\usage{Int_Type NLMSG_ERROR}
\seealso{NLMSG_DONE}
\done

\variable{NLMSG_OVERRUN}
\synopsis{Netlink message type: data was lost}
\usage{Int_Type NLMSG_OVERRUN}
\seealso{NLMSG_DONE}
\done

\variable{RTM_GETLINK}
\synopsis{rtnetlink message types (NETLINK_ROUTE)}
\usage{Int_Type RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE}
\description
  Message types of \icon{NETLINK_ROUTE}.  A \exmp{RTM_GET*} request
  (with \icon{NLM_F_DUMP} for all objects) is answered with
  \exmp{RTM_NEW*} messages; the same types announce changes to the
  groups of \icon{RTMGRP_LINK}.
#v+
    RTM_NEWLINK RTM_DELLINK RTM_GETLINK     links: struct ifinfomsg
                                             (16 bytes: "C C J k K K":
                                             family, pad, type, index,
                                             flags, change), then IFLA_*
    RTM_NEWADDR RTM_DELADDR RTM_GETADDR     addresses: struct ifaddrmsg
    RTM_NEWROUTE RTM_DELROUTE RTM_GETROUTE  routes: struct rtmsg
#v-
\example
  See \icon{PF_NETLINK} and \exmp{examples/netlink_links.sl}.
\seealso{PF_NETLINK, NETLINK_ROUTE, IFLA_IFNAME, RTMGRP_LINK}
\done

\variable{RTM_NEWLINK}
\synopsis{rtnetlink message type: a link (answer or announcement)}
\usage{Int_Type RTM_NEWLINK}
\seealso{RTM_GETLINK}
\done

\variable{RTM_DELLINK}
\synopsis{rtnetlink message type: a link went away}
\usage{Int_Type RTM_DELLINK}
\seealso{RTM_GETLINK}
\done

\variable{RTM_NEWADDR}
\synopsis{rtnetlink message type: an address}
\usage{Int_Type RTM_NEWADDR}
\seealso{RTM_GETLINK}
\done

\variable{RTM_DELADDR}
\synopsis{rtnetlink message type: an address went away}
\usage{Int_Type RTM_DELADDR}
\seealso{RTM_GETLINK}
\done

\variable{RTM_GETADDR}
\synopsis{rtnetlink message type: ask for addresses}
\usage{Int_Type RTM_GETADDR}
\seealso{RTM_GETLINK}
\done

\variable{RTM_NEWROUTE}
\synopsis{rtnetlink message type: a route}
\usage{Int_Type RTM_NEWROUTE}
\seealso{RTM_GETLINK}
\done

\variable{RTM_DELROUTE}
\synopsis{rtnetlink message type: a route went away}
\usage{Int_Type RTM_DELROUTE}
\seealso{RTM_GETLINK}
\done

\variable{RTM_GETROUTE}
\synopsis{rtnetlink message type: ask for routes}
\usage{Int_Type RTM_GETROUTE}
\seealso{RTM_GETLINK}
\done

\variable{IFLA_IFNAME}
\synopsis{Attributes of a link in RTM_NEWLINK messages}
\usage{Int_Type IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_OPERSTATE}
\description
  The types of the attributes (struct rtattr: a 16-bit length that
  counts its own 4 bytes, a 16-bit type, the payload, padding to 4
  bytes) after the ifinfomsg of an \icon{RTM_NEWLINK} message:
#v+
    IFLA_IFNAME     the name, NUL-terminated
    IFLA_MTU        the MTU (unpack "K")
    IFLA_ADDRESS    the hardware address (e.g. 6 bytes of a MAC)
    IFLA_BROADCAST  the hardware broadcast address
    IFLA_LINK       the index of the link it sits on
    IFLA_OPERSTATE  the operational state (a byte; 6 is up)
#v-
  Mask the type with 0x3FFF: the top bits are flags.
\example
#v+
    (alen, atype) = unpack ("J J", b[[off:off+3]]);
    if ((atype & 0x3FFF) == IFLA_MTU) mtu = unpack ("K", b[[off+4:off+7]]);
    off += (alen + 3) & ~3;
#v-
\seealso{RTM_GETLINK, PF_NETLINK}
\done

\variable{IFLA_ADDRESS}
\synopsis{Link attribute: the hardware address}
\usage{Int_Type IFLA_ADDRESS}
\seealso{IFLA_IFNAME}
\done

\variable{IFLA_BROADCAST}
\synopsis{Link attribute: the hardware broadcast address}
\usage{Int_Type IFLA_BROADCAST}
\seealso{IFLA_IFNAME}
\done

\variable{IFLA_MTU}
\synopsis{Link attribute: the MTU}
\usage{Int_Type IFLA_MTU}
\seealso{IFLA_IFNAME}
\done

\variable{IFLA_LINK}
\synopsis{Link attribute: the underlying link's index}
\usage{Int_Type IFLA_LINK}
\seealso{IFLA_IFNAME}
\done

\variable{IFLA_OPERSTATE}
\synopsis{Link attribute: the operational state}
\usage{Int_Type IFLA_OPERSTATE}
\seealso{IFLA_IFNAME}
\done

\variable{RTMGRP_LINK}
\synopsis{rtnetlink multicast groups: announcements to listen to}
\usage{Int_Type RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR, RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE}
\description
  Bits of the \var{groups} address-arg of a \icon{NETLINK_ROUTE}
  socket: \exmp{bind (s, 0, RTMGRP_LINK | RTMGRP_IPV4_IFADDR)} makes
  the kernel send it an \icon{RTM_NEWLINK} / \icon{RTM_DELLINK} (or
  \icon{RTM_NEWADDR}, ...) message whenever a link (an IPv4 address,
  ...) changes.
#v+
    RTMGRP_LINK         links
    RTMGRP_IPV4_IFADDR  IPv4 addresses
    RTMGRP_IPV6_IFADDR  IPv6 addresses
    RTMGRP_IPV4_ROUTE   IPv4 routes
    RTMGRP_IPV6_ROUTE   IPv6 routes
#v-
\seealso{PF_NETLINK, RTM_GETLINK, bind}
\done

\variable{RTMGRP_IPV4_IFADDR}
\synopsis{rtnetlink group: IPv4 addresses}
\usage{Int_Type RTMGRP_IPV4_IFADDR}
\seealso{RTMGRP_LINK}
\done

\variable{RTMGRP_IPV6_IFADDR}
\synopsis{rtnetlink group: IPv6 addresses}
\usage{Int_Type RTMGRP_IPV6_IFADDR}
\seealso{RTMGRP_LINK}
\done

\variable{RTMGRP_IPV4_ROUTE}
\synopsis{rtnetlink group: IPv4 routes}
\usage{Int_Type RTMGRP_IPV4_ROUTE}
\seealso{RTMGRP_LINK}
\done

\variable{RTMGRP_IPV6_ROUTE}
\synopsis{rtnetlink group: IPv6 routes}
\usage{Int_Type RTMGRP_IPV6_ROUTE}
\seealso{RTMGRP_LINK}
\done

\variable{ETH_P_ALL}
\synopsis{Ethernet protocols of packet sockets}
\usage{Int_Type ETH_P_ALL, ETH_P_IP, ETH_P_IPV6, ETH_P_ARP}
\description
  The \var{protocol} address-arg of a \icon{PF_PACKET} socket, in host
  byte order (the module converts it):
#v+
    ETH_P_ALL   every frame, sent and received
    ETH_P_IP    IPv4 (0x0800)
    ETH_P_IPV6  IPv6 (0x86DD)
    ETH_P_ARP   ARP (0x0806)
#v-
  Any other number 0..65535 is an ethertype too.  As \ifun{socket}'s
  protocol argument it must be in network byte order, as in C: pass 0
  there and the protocol to \ifun{bind} instead.
\example
#v+
    p = socket (PF_PACKET, SOCK_RAW, 0);
    bind (p, "lo", ETH_P_ALL);
    (frame, ifname, protocol) = recvfrom (p, 65536);
    if (protocol == ETH_P_IP) ...
#v-
\seealso{PF_NETLINK, PACKET_HOST}
\done

\variable{ETH_P_IP}
\synopsis{Ethernet protocol: IPv4}
\usage{Int_Type ETH_P_IP}
\seealso{ETH_P_ALL}
\done

\variable{ETH_P_IPV6}
\synopsis{Ethernet protocol: IPv6}
\usage{Int_Type ETH_P_IPV6}
\seealso{ETH_P_ALL}
\done

\variable{ETH_P_ARP}
\synopsis{Ethernet protocol: ARP}
\usage{Int_Type ETH_P_ARP}
\seealso{ETH_P_ALL}
\done

\variable{PACKET_HOST}
\synopsis{Packet types of link-level frames}
\usage{Int_Type PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST, PACKET_OUTGOING}
\description
  Whom a frame seen by a \icon{PF_PACKET} socket was for: this host, a
  broadcast, a multicast group, another host (seen in promiscuous
  mode), or one this host sent (the \exmp{sll_pkttype} byte of a
  \exmp{struct sockaddr_ll}).  The address-args of \ifun{recvfrom}
  give only the interface and the protocol, not the packet type: these
  constants are for scripts that decode a \exmp{struct sockaddr_ll}
  with \ifun{unpack} themselves.  On \exmp{lo} an \icon{ETH_P_ALL}
  socket sees each frame twice, once going out and once coming in.
\seealso{ETH_P_ALL, PF_NETLINK}
\done

\variable{PACKET_BROADCAST}
\synopsis{Packet type: a broadcast}
\usage{Int_Type PACKET_BROADCAST}
\seealso{PACKET_HOST}
\done

\variable{PACKET_MULTICAST}
\synopsis{Packet type: a multicast}
\usage{Int_Type PACKET_MULTICAST}
\seealso{PACKET_HOST}
\done

\variable{PACKET_OTHERHOST}
\synopsis{Packet type: for another host}
\usage{Int_Type PACKET_OTHERHOST}
\seealso{PACKET_HOST}
\done

\variable{PACKET_OUTGOING}
\synopsis{Packet type: sent by this host}
\usage{Int_Type PACKET_OUTGOING}
\seealso{PACKET_HOST}
\done

\variable{VMADDR_CID_ANY}
\synopsis{vsock context ids and ports}
\usage{UInt_Type VMADDR_CID_ANY, VMADDR_CID_HYPERVISOR, VMADDR_CID_LOCAL, VMADDR_CID_HOST, VMADDR_PORT_ANY}
\description
  The \var{cid} and \var{port} address-args of \icon{PF_VSOCK}
  sockets, unsigned 32-bit numbers (\dtype{UInt_Type}):
#v+
    VMADDR_CID_ANY         bind: any cid of this machine (4294967295)
    VMADDR_CID_HYPERVISOR  the hypervisor (0)
    VMADDR_CID_LOCAL       this machine itself, over the loopback
                           transport (1)
    VMADDR_CID_HOST        the host, seen from a guest (2)
    VMADDR_PORT_ANY        bind: let the kernel choose a port (4294967295)
#v-
  A guest's own cid is given to it by the hypervisor.
\example
#v+
    l = socket (PF_VSOCK, SOCK_STREAM, 0);
    bind (l, VMADDR_CID_ANY, 5000);
    listen (l, 5);
    c = accept (l, &cid, &port);
#v-
\seealso{PF_NETLINK, connect}
\done

\variable{VMADDR_CID_HYPERVISOR}
\synopsis{vsock address: the hypervisor}
\usage{UInt_Type VMADDR_CID_HYPERVISOR}
\seealso{VMADDR_CID_ANY}
\done

\variable{VMADDR_CID_LOCAL}
\synopsis{vsock address: this machine, over vsock loopback}
\usage{UInt_Type VMADDR_CID_LOCAL}
\seealso{VMADDR_CID_ANY}
\done

\variable{VMADDR_CID_HOST}
\synopsis{vsock address: the host}
\usage{UInt_Type VMADDR_CID_HOST}
\seealso{VMADDR_CID_ANY}
\done

\variable{VMADDR_PORT_ANY}
\synopsis{vsock address: any port (bind)}
\usage{UInt_Type VMADDR_PORT_ANY}
\seealso{VMADDR_CID_ANY}
\done

#%}}}
