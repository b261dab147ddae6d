% udp_echo.sl: UDP request and reply with sendto/recvfrom, IPv4 and IPv6.
%
%   slsh udp_echo.sl [MESSAGE]
%
% For 127.0.0.1 and then ::1: a server socket is bound to port 0 (any free
% port) and a client socket sends it datagrams with sendto.  The server
% reads each with recvfrom, which also gives the sender's address, and
% replies to exactly that address; the client reads the reply with
% recvfrom and checks that it came from the server's address.  Every
% receive has a 5 second deadline (UDP may lose datagrams; on loopback it
% does not).
%
% Output, one line per family:
%   IPv4: 127.0.0.1 port P1 -> 127.0.0.1 port P2: "MESSAGE" -> "echo: MESSAGE" ok
%   IPv6: ::1 port P1 -> ::1 port P2: ... ok
%   udp_echo: OK
% A system without IPv6 prints "IPv6: skipped (...)".  Exit status 0 if
% every reply came back as expected.

require ("socket");

private variable Deadline = 5.0;
private variable Failures = 0;

private define one_family (family, label, host, msg)
{
   variable server, client;
   try
     {
        server = socket (family, SOCK_DGRAM, 0);
        bind (server, host, 0);
     }
   catch SocketError:
     {
        () = printf ("%s: skipped (%s)\n", label, __get_exception_info ().message);
        return;
     }
   variable server_host, server_port;
   (server_host, server_port) = getsockname (server);

   client = socket (family, SOCK_DGRAM, 0);
   bind (client, host, 0);             % so that the server sees a fixed address
   variable client_host, client_port;
   (client_host, client_port) = getsockname (client);

   % The request.
   () = sendto (client, msg, 0, server_host, server_port);

   % The server: receive, then reply to whoever sent it.
   variable data, from_host, from_port;
   (data, from_host, from_port) = recvfrom (server, 65535; timeout=Deadline);
   () = sendto (server, "echo: " + data, 0, from_host, from_port);

   % The client: the reply, and where it came from.
   variable reply, reply_host, reply_port;
   (reply, reply_host, reply_port) = recvfrom (client, 65535; timeout=Deadline);

   variable ok = ((reply == "echo: " + msg)
                  && (from_host == client_host) && (from_port == client_port)
                  && (reply_host == server_host) && (reply_port == server_port));
   () = printf ("%s: %s port %d -> %s port %d: \"%s\" -> \"%s\" %s\n", label,
                from_host, from_port, reply_host, reply_port,
                typecast (data, String_Type), typecast (reply, String_Type),
                ok ? "ok" : "MISMATCH");
   if (not ok) Failures++;
   () = close (client);
   () = close (server);
}

private define main ()
{
   variable msg = (__argc > 1) ? __argv[1] : "ping";
   one_family (PF_INET, "IPv4", "127.0.0.1", msg);
   one_family (PF_INET6, "IPv6", "::1", msg);
   if (Failures)
     {
        () = fprintf (stderr, "udp_echo: %d reply(s) wrong\n", Failures);
        exit (1);
     }
   () = printf ("udp_echo: OK\n");
}

main ();
exit (0);
