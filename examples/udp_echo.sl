% udp_echo.sl: a UDP server on the wildcard address that knows where each
% datagram arrived, IPv4 and IPv6.
%
%   slsh udp_echo.sl [MESSAGE]
%
% For IPv4 and then IPv6: a server socket is bound to the wildcard
% address ("0.0.0.0", "::") on port 0 (any free port), as a server on a
% machine with several addresses is.  A client sends it a datagram at
% 127.0.0.1 (::1) with sendto.  The server reads it with recvmsg, which
% gives the sender's address and, with IP_PKTINFO (IPV6_RECVPKTINFO) set,
% the local address the datagram was sent to and the interface it came
% in on.  It replies with sendmsg from exactly that local address (the
% same packet information as ancillary data), so the client sees the
% reply come from the address it asked, never from another address of
% the machine.  The client checks that with recvfrom.  Every receive has
% a 5 second deadline (UDP may lose datagrams; on loopback it does not).
%
% Output, one line per family:
%   IPv4: 127.0.0.1 port P1 -> 127.0.0.1 port P2 (arrived at 127.0.0.1 on lo): "MESSAGE" -> "echo: MESSAGE" ok
%   IPv6: ::1 port P1 -> ::1 port P2 (arrived at ::1 on lo): ... ok
%   udp_echo: OK
% A system without IPv6 prints "IPv6: skipped (...)".  Exit status 0 if
% every reply came back as expected.

require ("socket");

private variable Deadline = 5.0;
private variable Failures = 0;

% The packet information of a datagram received with recvmsg: the
% local address it was sent to and the interface index, or NULL.
private define arrival (family, anc)
{
   variable item;
   foreach item (anc)
     {
        if ((family == PF_INET) && (item.level == SOL_IP) && (item.type == IP_PKTINFO))
          return item.data.spec_dst, item.data.ifindex;
        if ((family == PF_INET6) && (item.level == SOL_IPV6) && (item.type == IPV6_PKTINFO))
          return item.data.addr, item.data.ifindex;
     }
   return NULL, 0;
}

% Ancillary data for a reply sent from the local address "local".
private define reply_from (family, local)
{
   if (family == PF_INET)
     return {struct {level = SOL_IP, type = IP_PKTINFO,
                     data = struct {ifindex = 0, spec_dst = local, addr = "0.0.0.0"}}};
   return {struct {level = SOL_IPV6, type = IPV6_PKTINFO,
                   data = struct {ifindex = 0, addr = local}}};
}

private define one_family (family, label, wildcard, host, msg)
{
   variable server, client;
   try
     {
        server = socket (family, SOCK_DGRAM, 0);
        bind (server, wildcard, 0);
        if (family == PF_INET)
          setsockopt (server, SOL_IP, IP_PKTINFO, 1);
        else
          setsockopt (server, SOL_IPV6, IPV6_RECVPKTINFO, 1);
        client = socket (family, SOCK_DGRAM, 0);
        bind (client, host, 0);        % so that the server sees a fixed address
     }
   catch SocketError:
     {
        () = printf ("%s: skipped (%s)\n", label, __get_exception_info ().message);
        return;
     }
   variable server_host, server_port;
   (server_host, server_port) = getsockname (server);   % the wildcard
   variable client_host, client_port;
   (client_host, client_port) = getsockname (client);

   % The request, to the server's port at host.
   () = sendto (client, msg, 0, host, server_port);

   % The server: receive, learn where it arrived, reply from there.
   variable data, anc, flags, from_host, from_port;
   (data, anc, flags, from_host, from_port) = recvmsg (server, 65535, 256, 0; timeout=Deadline);
   variable local, ifindex;
   (local, ifindex) = arrival (family, anc);
   if (local == NULL)
     {
        () = fprintf (stderr, "%s: no packet information came with the datagram\n", label);
        Failures++;
        return;
     }
   () = sendmsg (server, "echo: " + data, reply_from (family, local), 0, from_host, from_port);

   % The client: the reply, and where it came from.
   variable reply, reply_host, reply_port;
   (reply, reply_host, reply_port) = recvfrom (client, 65535; timeout=Deadline);

   variable ok = ((reply == "echo: " + msg)
                  && (from_host == client_host) && (from_port == client_port)
                  && (local == host)
                  && (reply_host == host) && (reply_port == server_port));
   () = printf ("%s: %s port %d -> %s port %d (arrived at %s on %s): \"%s\" -> \"%s\" %s\n", label,
                from_host, from_port, reply_host, reply_port, local, if_indextoname (ifindex),
                typecast (data, String_Type), typecast (reply, String_Type),
                ok ? "ok" : "MISMATCH");
   if (not ok) Failures++;
   () = close (client);
   () = close (server);
}

private define main ()
{
   variable msg = (__argc > 1) ? __argv[1] : "ping";
   one_family (PF_INET, "IPv4", "0.0.0.0", "127.0.0.1", msg);
   one_family (PF_INET6, "IPv6", "::", "::1", msg);
   if (Failures)
     {
        () = fprintf (stderr, "udp_echo: %d reply(s) wrong\n", Failures);
        exit (1);
     }
   () = printf ("udp_echo: OK\n");
}

main ();
exit (0);
