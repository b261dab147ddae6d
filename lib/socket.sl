% socket.sl: loads the socket module and registers its help file.
%
% `make install` replaces the NULL below with the directory the module was
% installed in, so that this copy of the module is imported even where
% another socket-module.so (Debian's libslang2-modules) is on the path.
private variable Socket_Module_Dir = NULL;

private define socket_import ()
{
   if (Socket_Module_Dir == NULL)
     {
	import ("socket");
	return;
     }
   variable old = get_import_module_path ();
   set_import_module_path (Socket_Module_Dir + ":" + old);
   try
     {
	import ("socket");
     }
   finally
     {
	set_import_module_path (old);
     }
}
socket_import ();

private define socket_add_help ()
{
   variable dir = path_dirname (__FILE__);
   if (path_is_absolute (dir) == 0)
     dir = path_concat (getcwd (), dir);
   foreach ([path_concat (dir, "help/socket.hlp"),
	     path_concat (dir, "../doc/help/socket.hlp")])
     {
	variable file = ();
	if (NULL != stat_file (file))
	  {
	     add_doc_file (file);
	     return;
	  }
     }
}
socket_add_help ();

% socket_stream (fd ; bufsize=, limit=): a Stream_Type (SPEC 13) as a
% struct with methods, in the style of slsh's csv.sl:
%    st = socket_stream (fd);  line = st.readline (; timeout=5);
% Each method passes its arguments and qualifiers to the stream_*
% function of the same name and returns what it returns; the field
% "stream" holds the Stream_Type (for poll).  See "help socket_stream".
private define socket_stream_call (f, nargs, q)
{
   variable args = __pop_list (nargs - 1);
   variable self = ();
   (@f) (self.stream, __push_list (args);; q);
}
private define ss_readline () { socket_stream_call (&stream_readline, _NARGS, __qualifiers); }
private define ss_read_until () { socket_stream_call (&stream_read_until, _NARGS, __qualifiers); }
private define ss_read () { socket_stream_call (&stream_read, _NARGS, __qualifiers); }
private define ss_read_some () { socket_stream_call (&stream_read_some, _NARGS, __qualifiers); }
private define ss_pending () { socket_stream_call (&stream_pending, _NARGS, __qualifiers); }
private define ss_write () { socket_stream_call (&stream_write, _NARGS, __qualifiers); }
private define ss_flush () { socket_stream_call (&stream_flush, _NARGS, __qualifiers); }
private define ss_fd () { socket_stream_call (&stream_fd, _NARGS, __qualifiers); }
private define ss_close () { socket_stream_call (&stream_close, _NARGS, __qualifiers); }

define socket_stream ()
{
   if (_NARGS != 1)
     usage ("st = socket_stream (FD_Type|Stream_Type fd ; bufsize=65536, limit=1048576)");
   variable fd = ();
   variable s = (typeof (fd) == Stream_Type) ? fd : stream_new (fd;; __qualifiers);
   return struct
     {
	stream = s,
	readline = &ss_readline, read_until = &ss_read_until,
	read = &ss_read, read_some = &ss_read_some, pending = &ss_pending,
	write = &ss_write, flush = &ss_flush, fd = &ss_fd, close = &ss_close,
     };
}

provide ("socket");
