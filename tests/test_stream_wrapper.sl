% test_stream_wrapper.sl: socket_stream () from lib/socket.sl, the
% struct-with-methods wrapper over the stream_* functions (SPEC 13):
% every method reaches its function, arguments and qualifiers pass
% through, and the errors are the functions' own.
require ("./harness");

private define pair ()
{
   variable a, b;
   (a, b) = socketpair (AF_UNIX, SOCK_STREAM, 0);
   return a, b;
}

private define test_fields ()
{
   variable a, b;
   (a, b) = pair ();
   variable st = socket_stream (a);
   variable f;
   foreach f (["stream", "readline", "read_until", "read", "read_some", "pending",
               "write", "flush", "fd", "close"])
     expect_true ("socket_stream has field " + f, any (get_struct_field_names (st) == f));
   expect_value ("st.stream is a Stream_Type", typeof (st.stream), Stream_Type);
   expect_true ("st.fd () is the descriptor given", st.fd () == a);
   % an existing Stream_Type is wrapped, not wrapped again in a new stream
   variable s = stream_new (b);
   expect_true ("socket_stream (Stream_Type) keeps that stream", __is_same (socket_stream (s).stream, s));
   () = close (a);
   () = close (b);
}

private define test_dialogue ()
{
   variable a, b;
   (a, b) = pair ();
   variable st = socket_stream (a; bufsize=8), peer = socket_stream (b);

   % bufsize= reached stream_new: 5 bytes stay buffered, 8 go out
   expect_value ("st.write returns the bytes accepted", st.write ("HELO\n"), 5);
   expect_value ("below bufsize nothing is written", poll (b, POLLIN, 0)[0] & POLLIN, 0);
   st.flush (; timeout=5);
   expect_value ("st.readline after st.flush", peer.readline (; timeout=5), "HELO\n");

   () = st.write ("250 ok\r\nA: 1\r\n\r\nBODYbody");      % over bufsize: written out
   expect_value ("st.readline", peer.readline (; timeout=5), "250 ok\r\n");
   expect_value ("st.read_until", peer.read_until ("\r\n\r\n"; timeout=5), "A: 1\r\n\r\n"B);
   expect_value ("st.read", peer.read (4; timeout=5), "BODY"B);
   expect_value ("st.pending", peer.pending (), 4);
   expect_value ("poll sees the buffered bytes of st.stream", poll (peer.stream, POLLIN, 10.0)[0] & POLLIN, POLLIN);
   expect_value ("st.read_some", peer.read_some (100), "body"B);

   % timeout= passes through, and no byte is lost
   () = st.write ("partial"); st.flush ();
   variable e = 0;
   try { () = peer.readline (; timeout=0.05); }
   catch SocketError: { e = errno; }
   expect_value ("st.readline (; timeout=) raises ETIMEDOUT", e, ETIMEDOUT);
   expect_value ("the partial line stays buffered", peer.pending (), 7);

   % the functions' own argument errors
   e = NULL;
   try { () = peer.read (); }
   catch NumArgsError: { e = __get_exception_info ().message; }
   expect_true ("st.read () raises stream_read's NumArgsError",
                (e != NULL) && is_substr (e, "stream_read"));

   % close flushes; the peer sees the bytes, then the end
   () = st.write (" line\n");
   st.close ();
   expect_value ("st.close flushed", peer.readline (; timeout=5), "partial line\n");
   expect_value ("then the end of the stream", peer.readline (; timeout=5), NULL);
   e = 0;
   try { () = st.write ("x"); }
   catch SocketError: { e = errno; }
   expect_value ("st.write after st.close raises EBADF", e, EBADF);
   peer.close ();
}

test_fields ();
test_dialogue ();
test_done ();
