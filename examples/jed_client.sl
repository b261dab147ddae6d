% jed_client.sl: the socket module inside jed.
%
%   jed-script jed_client.sl [MESSAGE]
%
% jed embeds S-Lang, so require ("socket") works in jed as in slsh.  This
% script listens on a loopback port, connects to itself with
% create_connection, sends MESSAGE (default "hello from jed") and reads it
% back, then does the same over a socketpair, and prints the results with
% message () (which jed-script writes to stdout).  The last line is
% "jed_client: OK" when everything came back unchanged.
%
% In an interactive jed, the same calls work from a function bound to a
% key, e.g. to fetch text from a local server into a buffer.

require ("socket");

private define jed_client_main ()
{
   variable msg = (__argc > 1) ? __argv[1] : "hello from jed";
   variable failures = 0;
   variable got;

   % A TCP connection to ourselves over loopback.
   variable server = create_server ("127.0.0.1", 0);
   variable host, port;
   (host, port) = getsockname (server);
   variable c = create_connection (host, port; timeout=5.0);
   variable a = accept (server; timeout=5.0);
   () = sendall (c, msg; timeout=5.0);
   got = recv (a, 4096; timeout=5.0);
   () = sendall (a, got; timeout=5.0);
   got = typecast (recv (c, 4096; timeout=5.0), String_Type);
   vmessage ("tcp %s port %d: sent \"%s\", got back \"%s\"", host, port, msg, got);
   if (got != msg) failures++;
   () = close (c);
   () = close (a);
   () = close (server);

   % A socketpair: no address at all.
   variable s1, s2;
   (s1, s2) = socketpair (PF_UNIX, SOCK_STREAM, 0);
   () = send (s1, msg);
   got = typecast (recv (s2, 4096; timeout=5.0), String_Type);
   vmessage ("socketpair: sent \"%s\", got back \"%s\"", msg, got);
   if (got != msg) failures++;
   () = close (s1);
   () = close (s2);

   vmessage ("socket module %s in jed %s", _socket_module_version_string, _jed_version_string);
   if (failures)
     {
        message ("jed_client: FAILED");
        exit (1);
     }
   message ("jed_client: OK");
}

jed_client_main ();
exit (0);
