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

provide ("socket");
