% intree-init.sl: slsh --init file that makes slsh use the build in this
% tree (src/ for the module, lib/ for socket.sl) ahead of any installed
% copy.  Used by `make demo`:  slsh --init tests/intree-init.sl FILE
private define intree_setup ()
{
   variable top = path_dirname (path_dirname (__FILE__));
   if (path_is_absolute (top) == 0)
     top = path_concat (getcwd (), top);
   variable src = getenv ("SOCKET_MODULE_DIR");
   if ((src == NULL) || (src == "")) src = path_concat (top, "src");
   set_import_module_path (src + ":" + get_import_module_path ());
   set_slang_load_path (path_concat (top, "lib") + ":" + get_slang_load_path ());
}
intree_setup ();
