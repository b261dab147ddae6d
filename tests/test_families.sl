% test_families.sl: the netlink, packet and vsock families (SPEC 16).
%
% address-args: PF_NETLINK (pid, groups), PF_PACKET (ifname, protocol),
% PF_VSOCK (cid, port).  Netlink is tested with an RTM_GETLINK dump on
% NETLINK_ROUTE that must list lo; packet sockets need root and are
% tested on lo; vsock is tested over VMADDR_CID_LOCAL where the kernel
% has its loopback transport.  What cannot run here is skipped with a
% line "# skip: ... because ...".  Any other family stays
% InvalidParmError.
require ("./harness");

private define skip (what, why)
{
   () = fprintf (stdout, "# skip: %s because %s\n", what, why);
}

private define message_of (e)
{
   return (e == NULL) ? "" : e.message;
}

% --- netlink -------------------------------------------------------------------

private define align4 (n) { return (n + 3) & ~3; }

private define getlink_request (seq)
{
   return pack ("K J J K K C C J k K K", 32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0,
                AF_UNSPEC, 0, 0, 0, 0, 0);
}

% Read an RTM_GETLINK dump: Assoc name -> index.  recvfrom's sender is
% recorded in senders (a List of [pid, groups]).
private define read_dump (s, seq, senders)
{
   variable links = Assoc_Type[Int_Type];
   loop (1000)
     {
        variable data, pid, groups;
        (data, pid, groups) = recvfrom (s, 65536; timeout=5);
        list_append (senders, [pid, groups]);
        variable off = 0, n = bstrlen (data);
        while (off + 16 <= n)
          {
             variable len, type, flags, mseq, mpid;
             (len, type, flags, mseq, mpid) = unpack ("K J J K K", data[[off:off+15]]);
             if ((len < 16) || (off + len > n)) return NULL;
             if (mseq != seq) { off += align4 (len); continue; }
             if (type == NLMSG_DONE) return links;
             if (type == NLMSG_ERROR) return NULL;
             if ((type == RTM_NEWLINK) && (len >= 32))
               {
                  variable index = unpack ("k", data[[off+20:off+23]]);
                  variable a = off + 32;
                  while (a + 4 <= off + len)
                    {
                       variable alen, atype;
                       (alen, atype) = unpack ("J J", data[[a:a+3]]);
                       if (alen < 4) break;
                       if (((atype & 0x3FFF) == IFLA_IFNAME) && (alen > 4))
                         links[typecast (strtrim_end (data[[a+4:a+alen-1]], "\0"), String_Type)] = index;
                       a += align4 (alen);
                    }
               }
             off += align4 (len);
          }
     }
   return NULL;
}

private define nl_socket ()
{
   return socket (PF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
}

private define check_netlink ()
{
   variable s = nl_socket (), pid, groups;
   expect_value ("netlink: SO_DOMAIN", getsockopt (s, SOL_SOCKET, SO_DOMAIN), AF_NETLINK);
   expect_value ("netlink: SO_PROTOCOL", getsockopt (s, SOL_SOCKET, SO_PROTOCOL), NETLINK_ROUTE);
   expect_value ("PF_NETLINK == AF_NETLINK", PF_NETLINK, AF_NETLINK);

   bind (s, 0, 0);
   (pid, groups) = getsockname (s);
   expect_value ("netlink getsockname: the pid is a UInt", typeof (pid), UInt_Type);
   expect_true ("netlink bind (0, 0): the kernel picked a pid", pid != 0);
   expect_value ("netlink getsockname: no groups", groups, 0U);

   % the dump, sent with sendto to the kernel (pid 0)
   variable seq = getpid () + 1000, senders = {};
   expect_value ("netlink sendto: the whole request went", sendto (s, getlink_request (seq), 0, 0, 0), 32);
   variable links = read_dump (s, seq, senders);
   expect_true ("netlink RTM_GETLINK dump completed", links != NULL);
   if (links != NULL)
     {
        expect_true ("netlink RTM_GETLINK lists lo", assoc_key_exists (links, "lo"));
        if (assoc_key_exists (links, "lo"))
          expect_value ("netlink RTM_GETLINK: lo's index", links["lo"], if_nametoindex ("lo"));
        expect_value ("netlink RTM_GETLINK: as many links as if_nameindex", length (links),
                      length (if_nameindex ()));
     }
   variable x, from_kernel = (length (senders) > 0);
   foreach x (senders)
     if ((x[0] != 0) || (x[1] != 0)) from_kernel = 0;
   expect_true ("netlink recvfrom: every reply is from (0, 0), the kernel", from_kernel);

   % connect to the kernel, then plain send and recv
   connect (s, 0, 0);
   (pid, groups) = getpeername (s);
   expect_value ("netlink getpeername after connect (0, 0)", [pid, groups], [0U, 0U]);
   seq++;
   () = send (s, getlink_request (seq));
   variable d = recv (s, 65536; timeout=5);
   expect_true ("netlink send/recv on a connected socket: a reply to our request",
                (bstrlen (d) >= 16) && (unpack ("K", d[[8:11]]) == seq));
   () = close (s);

   % a chosen pid above INT_MAX round-trips as an unsigned 32-bit number
   variable want = 0x80000000U | getpid (), t = nl_socket ();
   try
     {
        bind (t, want, RTMGRP_LINK);
        (pid, groups) = getsockname (t);
        expect_value ("netlink bind to a pid above INT_MAX", pid, want);
        expect_value ("netlink bind with RTMGRP_LINK: the groups", groups, typecast (RTMGRP_LINK, UInt_Type));
     }
   catch SocketError:
     skip ("netlink bind to a chosen pid", message_of (__get_exception_info ()));
   % and as a ULong
   variable u = nl_socket ();
   bind (u, typecast (want + 1, ULong_Type), 0);
   (pid, groups) = getsockname (u);
   expect_value ("netlink bind: a ULong pid", pid, want + 1);

   % one user socket to another: sendto (pid, 0), recvfrom gives the
   % sender (NETLINK_USERSOCK: NETLINK_ROUTE lets only root do this)
   variable a = socket (PF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK);
   variable b = socket (PF_NETLINK, SOCK_DGRAM, NETLINK_USERSOCK), apid, bpid;
   bind (a, 0, 0);
   bind (b, 0, 0);
   (apid, ) = getsockname (a);
   (bpid, ) = getsockname (b);
   expect_true ("netlink: two sockets, two pids", apid != bpid);
   () = sendto (a, "hello netlink", 0, bpid, 0);
   variable from_pid, from_groups;
   (d, from_pid, from_groups) = recvfrom (b, 100; timeout=5);
   expect_value ("netlink user to user: the data", d, "hello netlink"B);
   expect_value ("netlink user to user: recvfrom names the sender's pid", from_pid, apid);
   % a given-back address goes straight to connect
   connect (b, getsockname (a));
   (pid, groups) = getpeername (b);
   expect_value ("netlink connect (getsockname (a)): getpeername", pid, apid);

   % a copy the module did not make (@FD_Type) is a netlink socket too
   variable foreign = @FD_Type (_fileno (a));
   (pid, groups) = getsockname (foreign);
   expect_value ("netlink getsockname through @FD_Type", pid, apid);

   % bad address-args: the call's name, the right class, stack unchanged
   expect_error ("netlink bind: pid -1", InvalidParmError, "^bind: pid -1 is outside 0\\.\\.4294967295", &bind, u, -1, 0);
   expect_error ("netlink bind: pid 2^32", InvalidParmError, "^bind: pid 4294967296 ", &bind, u, 4294967296L, 0);
   expect_error ("netlink bind: groups 2^32 as a ULong", InvalidParmError, "^bind: groups 4294967296 ",
                 &bind, u, 0, typecast (4294967296L, ULong_Type));
   expect_error ("netlink bind: pid a String", TypeMismatchError, "^bind: pid must be an integer", &bind, u, "0", 0);
   expect_error ("netlink bind: groups a Double", TypeMismatchError, "^bind: groups must be an integer", &bind, u, 0, 1.0);
   expect_error ("netlink bind: one address-arg", NumArgsError, "^bind: a netlink socket's address is pid, groups",
                 &bind, u, 0);
   expect_error ("netlink sendto: one address-arg", NumArgsError, "^sendto: a netlink socket's address is pid, groups",
                 &sendto, u, "x", 0, 0);
   expect_error ("netlink connect: three address-args", NumArgsError, "^connect: ", &connect, u, 0, 0, 0);
   expect_error ("netlink accept: not a listener", SocketError, "^accept: ", &accept, u);
   () = close (a);
   () = close (b);
   () = close (t);
   () = close (u);
}

% --- packet --------------------------------------------------------------------

% A frame of a local experimental ethertype, to and from lo's zero MAC.
private variable Ether_Test = 0x88B5;
private define test_frame (text)
{
   return pack ("s6 s6 >J", "\0\0\0\0\0\0"B, "\0\0\0\0\0\0"B, Ether_Test) + text;
}

% Receive frames until one contains marker (bounded): its address-args
% and the number of frames read, or NULL.
private define wait_for_frame (k, marker)
{
   variable t0 = _ftime (), data, ifname, proto;
   loop (500)
     {
        variable left = 5.0 - (_ftime () - t0);
        if (left <= 0) break;
        (data, ifname, proto) = recvfrom (k, 65536; timeout=left);
        if (is_substrbytes (data, marker))
          return ifname, proto;
     }
   return NULL, NULL;
}

private define check_packet ()
{
   expect_value ("PF_PACKET == AF_PACKET", PF_PACKET, AF_PACKET);
   if (getuid () != 0)
     {
        skip ("PF_PACKET on lo", sprintf ("packet sockets need root and this is uid %d", getuid ()));
        return;
     }
   variable k = socket (PF_PACKET, SOCK_RAW, 0), ifname, proto;
   expect_value ("packet: SO_DOMAIN", getsockopt (k, SOL_SOCKET, SO_DOMAIN), AF_PACKET);
   bind (k, "lo", ETH_P_ALL);
   (ifname, proto) = getsockname (k);
   expect_value ("packet getsockname: the interface by name", ifname, "lo");
   expect_value ("packet getsockname: the protocol in host order", proto, ETH_P_ALL);

   % a UDP datagram over 127.0.0.1 arrives as an IPv4 frame on lo
   variable r = socket (PF_INET, SOCK_DGRAM, 0), u = socket (PF_INET, SOCK_DGRAM, 0);
   bind (r, "127.0.0.1", 0);
   variable marker = sprintf ("families-test-%d-%d", getpid (), int (_ftime () * 1000) mod 1000000);
   () = sendto (u, marker, 0, getsockname (r));
   (ifname, proto) = wait_for_frame (k, marker);
   expect_value ("packet recvfrom: the UDP frame's interface", ifname, "lo");
   expect_value ("packet recvfrom: the UDP frame's protocol", proto, ETH_P_IP);
   expect_value ("packet: the UDP datagram itself arrived", recv (r, 100; timeout=5), typecast (marker, BString_Type));

   % sendto with address-args: a frame of our own ethertype, seen by a
   % socket bound to that ethertype by index
   variable k2 = socket (PF_PACKET, SOCK_RAW, 0);
   bind (k2, if_nametoindex ("lo"), Ether_Test);
   (ifname, proto) = getsockname (k2);
   expect_value ("packet bind by index: getsockname gives the name", ifname, "lo");
   variable frame = test_frame ("families frame");
   expect_value ("packet sendto (lo, ethertype): all of the frame", sendto (k, frame, 0, "lo", Ether_Test), bstrlen (frame));
   variable data;
   (data, ifname, proto) = recvfrom (k2, 65536; timeout=5);
   expect_value ("packet recvfrom: the frame we sent", data, frame);
   expect_value ("packet recvfrom: its address-args", [ifname, string (proto)], ["lo", string (Ether_Test)]);

   % errors
   expect_error ("packet bind: an unknown interface", SocketError, "^bind: No such device$",
                 &bind, k2, "no-such-if0", ETH_P_ALL; errno = ENODEV);
   expect_error ("packet bind: protocol 65536", InvalidParmError, "^bind: protocol 65536 is outside 0\\.\\.65535",
                 &bind, k2, "lo", 65536);
   expect_error ("packet bind: protocol -1", InvalidParmError, "^bind: protocol -1 ", &bind, k2, "lo", -1);
   expect_error ("packet bind: index -1", InvalidParmError, "^bind: interface index -1 is negative", &bind, k2, -1, 0);
   expect_error ("packet bind: index 2^40", InvalidParmError, "^bind: interface index 1099511627776 ",
                 &bind, k2, 1099511627776L, 0);
   expect_error ("packet bind: ifname a Double", TypeMismatchError, "^bind: a packet socket's interface is",
                 &bind, k2, 1.0, 0);
   expect_error ("packet bind: protocol a String", TypeMismatchError, "^bind: protocol must be an integer",
                 &bind, k2, "lo", "ip");
   expect_error ("packet sendto: an unknown interface", SocketError, "^sendto: No such device$",
                 &sendto, k, frame, 0, "no-such-if0", Ether_Test);
   expect_error ("packet bind: one address-arg", NumArgsError, "^bind: a packet socket's address is ifname, protocol",
                 &bind, k2, "lo");

   % socket (AF_INET, SOCK_PACKET, ...) is a packet socket: the kernel
   % rewrites the family, and its address-args are a packet socket's
   % (the kernel then refuses a sockaddr_ll for SOCK_PACKET: EINVAL, not
   % a host name lookup of "lo")
   variable kp = socket (AF_INET, 10, 0x0300);	% SOCK_PACKET, ETH_P_ALL
   expect_value ("AF_INET + SOCK_PACKET: SO_DOMAIN is AF_PACKET", getsockopt (kp, SOL_SOCKET, SO_DOMAIN), AF_PACKET);
   expect_error ("AF_INET + SOCK_PACKET: bind takes packet address-args", SocketError, "^bind: Invalid argument$",
                 &bind, kp, "lo", 0; errno = EINVAL);
   () = close (kp);
   () = close (k);
   () = close (k2);
   () = close (r);
   () = close (u);
}

% --- vsock ---------------------------------------------------------------------

private define check_vsock ()
{
   expect_value ("PF_VSOCK == AF_VSOCK", PF_VSOCK, AF_VSOCK);
   expect_value ("VMADDR_CID_ANY is 2^32-1, a UInt", VMADDR_CID_ANY, 0xFFFFFFFFU);
   expect_value ("VMADDR_PORT_ANY is 2^32-1, a UInt", VMADDR_PORT_ANY, 0xFFFFFFFFU);
   expect_value ("VMADDR_CID_LOCAL", VMADDR_CID_LOCAL, 1U);
   expect_value ("VMADDR_CID_HOST", VMADDR_CID_HOST, 2U);
   variable v, cid, port;
   try
     v = socket (PF_VSOCK, SOCK_STREAM, 0);
   catch SocketError:
     {
        skip ("PF_VSOCK", "the kernel has no vsock (" + message_of (__get_exception_info ()) + ")");
        return;
     }
   % binding to any cid and port works without a transport to anywhere
   bind (v, VMADDR_CID_ANY, VMADDR_PORT_ANY);
   (cid, port) = getsockname (v);
   expect_value ("vsock getsockname: cid any, a UInt", cid, VMADDR_CID_ANY);
   expect_true ("vsock bind to VMADDR_PORT_ANY: the kernel picked a port", port != VMADDR_PORT_ANY);
   expect_value ("vsock getsockname: the port is a UInt", typeof (port), UInt_Type);
   expect_error ("vsock bind: cid -1 (use VMADDR_CID_ANY)", InvalidParmError, "^bind: cid -1 is outside",
                 &bind, v, -1, 0);
   expect_error ("vsock bind: port 2^32", InvalidParmError, "^bind: port 4294967296 ", &bind, v, 1, 4294967296L);
   expect_error ("vsock bind: cid a String", TypeMismatchError, "^bind: cid must be an integer", &bind, v, "1", 0);
   expect_error ("vsock connect: one address-arg", NumArgsError, "^connect: a vsock socket's address is cid, port",
                 &connect, v, 1);
   () = close (v);

   % loopback: listen on VMADDR_CID_LOCAL, connect, accept with references
   variable l = socket (PF_VSOCK, SOCK_STREAM, 0);
   try
     bind (l, VMADDR_CID_LOCAL, VMADDR_PORT_ANY);
   catch SocketError:
     {
        skip ("vsock over VMADDR_CID_LOCAL",
              "the kernel has no vsock loopback transport (vsock_loopback): " + message_of (__get_exception_info ()));
        () = close (l);
        return;
     }
   listen (l, 4);
   (cid, port) = getsockname (l);
   expect_value ("vsock listener: cid local", cid, VMADDR_CID_LOCAL);
   variable c = socket (PF_VSOCK, SOCK_STREAM, 0);
   connect (c, VMADDR_CID_LOCAL, port; timeout=5);
   variable pcid, pport;
   variable a = accept (l, &pcid, &pport; timeout=5);
   expect_value ("vsock accept: the peer's cid", pcid, VMADDR_CID_LOCAL);
   expect_value ("vsock accept: the peer's port is the client's", [pcid, pport], [getsockname (c)]);
   expect_value ("vsock getpeername: the listener's address", [getpeername (c)], [VMADDR_CID_LOCAL, port]);
   () = send (c, "over vsock");
   expect_value ("vsock: data arrives", recv (a, 100; timeout=5), "over vsock"B);
   variable d, fcid, fport;
   () = send (a, "back");
   (d, fcid, fport) = recvfrom (c, 100; timeout=5);
   expect_value ("vsock recvfrom on a stream: the data and the peer", [string (d), string (fcid), string (fport)],
                 ["back", string (VMADDR_CID_LOCAL), string (port)]);
   () = close (a);
   () = close (c);
   () = close (l);
}

% --- everything else ---------------------------------------------------------

private define server_netlink ()
{
   return create_server ("", 0; family=AF_NETLINK);
}

private define check_others ()
{
   % AF_APPLETALK (5), AF_ALG (38), AF_BLUETOOTH (31): no address-args
   variable f;
   foreach f ([5, 31, 38])
     expect_error (sprintf ("socket (%d, ...): a family the module cannot address", f), InvalidParmError,
                   sprintf ("^socket: unsupported address family %d$", f), &socket, f, SOCK_STREAM, 0);
   expect_error ("socketpair (PF_NETLINK, ...): the kernel refuses", SocketError, "^socketpair: ",
                 &socketpair, PF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
   expect_error ("create_server (; family=AF_NETLINK)", InvalidParmError, "^create_server: family must be",
                 &server_netlink);
   expect_error ("socket (PF_NETLINK, SOCK_RAW, 2^32)", InvalidParmError, "^socket: protocol ",
                 &socket, PF_NETLINK, SOCK_RAW, 4294967296L);
}

variable Fds0 = fd_count ();
check_netlink ();
check_packet ();
check_vsock ();
check_others ();
expect_value ("no descriptor left open", fd_count (), Fds0);
variable Depth = _stkdepth ();
expect_value ("the stack is empty", Depth, 0);
test_done ();
