% test_layout.sl: the source layout of SPEC 1 / STYLE 2.
%
% - Layers run one way: a file includes only the headers of layers below
%   its own (its own header aside), so there is no include circle.  Every
%   file in src/ must have a layer here: a new file gets one on purpose.
% - Only the module's three entry points are exported from the .so
%   (S-Lang dlopens modules RTLD_GLOBAL).

require ("./harness");

private variable Src_Dir = path_concat (path_concat (path_dirname (__FILE__), ".."), "src");

% file stem -> layer; lower layers are included by higher ones only
private variable Layer = Assoc_Type[Int_Type];
Layer["core"] = 0;
Layer["wait"] = 1;
Layer["addr"] = 2;
Layer["unixpath"] = 3;
private variable L;
foreach L (["options", "transfer", "msg", "stream", "names", "connect", "sd"])
  Layer[L] = 4;
Layer["loop"] = 5;		       % the selector takes Stream_Type too
Layer["socket-module"] = 6;

private define stem (file)
{
   return path_sans_extname (path_basename (file));
}

private define local_includes (file)
{
   variable fp = fopen (file, "r"), line, list = {};
   if (fp == NULL)
     return list;
   foreach line (fp) using ("line")
     {
	variable m = string_matches (line, "^[ \t]*#[ \t]*include[ \t]+\"\\([^\"]+\\)\"", 1);
	if (m != NULL) list_append (list, m[1]);
     }
   () = fclose (fp);
   return list;
}

private define check_layers ()
{
   variable files = listdir (Src_Dir);
   if (files == NULL)
     {
	test_fail ("layout: src/ is readable", "listdir failed");
	return;
     }
   files = files[where (array_map (Int_Type, &string_match, files, "\\.[ch]$", 1))];
   files = files[array_sort (files)];
   expect_true ("layout: src/ has sources", length (files) > 0);

   variable bad = {}, nedges = 0, f;
   foreach f (files)
     {
	variable s = stem (f);
	if (0 == assoc_key_exists (Layer, s))
	  {
	     list_append (bad, sprintf ("%s has no layer in test_layout.sl", f));
	     continue;
	  }
	variable inc;
	foreach inc (local_includes (path_concat (Src_Dir, f)))
	  {
	     variable t = stem (inc);
	     nedges++;
	     if (0 == assoc_key_exists (Layer, t))
	       list_append (bad, sprintf ("%s includes %s, which has no layer", f, inc));
	     else if ((t == s) && (path_extname (f) == ".c"))
	       ;		       % a file's own header
	     else if (Layer[t] >= Layer[s])
	       list_append (bad, sprintf ("%s (layer %d) includes %s (layer %d): upward or sideways",
					  f, Layer[s], inc, Layer[t]));
	  }
     }
   expect_true ("layout: the files include local headers", nedges > 0);
   if (length (bad))
     test_fail ("layout: includes run one way", strjoin (list_to_array (bad), "; "));
   else
     test_pass ("layout: includes run one way");

   % the test itself must be able to fail: an upward include is caught
   variable saved = Layer["core"];
   Layer["core"] = 9;
   variable caught = 0;
   foreach inc (local_includes (path_concat (Src_Dir, "wait.h")))
     if ((stem (inc) == "core") && (Layer["core"] >= Layer["wait"])) caught = 1;
   Layer["core"] = saved;
   expect_true ("layout: the check sees an upward include (core above wait)", caught);
}

private define check_exports ()
{
   variable dir = getenv ("SOCKET_MODULE_DIR");
   if (dir == NULL) dir = Src_Dir;
   variable so = path_concat (dir, "socket-module.so");
   if (NULL == stat_file (so))
     {
	test_fail ("exports: the module exists", so);
	return;
     }
   variable fp = popen (sprintf ("nm -D --defined-only '%s' 2>/dev/null", so), "r");
   if (fp == NULL)
     {
	() = fprintf (stdout, "# skip exports: nm cannot run\n");
	return;
     }
   variable lines = fgetslines (fp);
   variable status = pclose (fp);
   if ((status != 0) || (length (lines) == 0))
     {
	() = fprintf (stdout, "# skip exports: nm (binutils) is not available\n");
	return;
     }
   variable names = String_Type[0], line;
   foreach line (lines)
     {
	variable w = strtok (line);
	% an ASan build adds its own __odr_asan.* markers
	if ((length (w) >= 3) && (0 == is_substr (w[2], "__odr_asan")))
	  names = [names, w[2]];
     }
   names = names[array_sort (names)];
   expect_value ("exports: exactly the three module entry points", strjoin (names, " "),
		 "SLmodule_socket_api_version deinit_socket_module init_socket_module_ns");
}

% _socket_module_file names the .so that was loaded (the tree's here)
private define check_module_file ()
{
   variable dir = getenv ("SOCKET_MODULE_DIR");
   if (dir == NULL) dir = Src_Dir;
   variable want = stat_file (path_concat (dir, "socket-module.so"));
   variable got = stat_file (_socket_module_file);
   expect_true ("_socket_module_file is the loaded build (" + _socket_module_file + ")",
		(want != NULL) && (got != NULL) && (want.st_ino == got.st_ino) && (want.st_dev == got.st_dev));
}

% ./slsh-tree always loads the tree's build, and says so
private define check_slsh_tree ()
{
   variable top = path_concat (path_dirname (__FILE__), "..");
   variable fp = popen (sprintf ("SOCKET_MODULE_DIR= '%s/slsh-tree' -e 'require (\"socket\"); () = fputs (_socket_module_file, stdout);' 2>&1", top), "r");
   variable out = (fp == NULL) ? NULL : fgetslines (fp);
   if (fp != NULL) () = pclose (fp);
   out = (out == NULL) ? "" : strjoin (out, "");
   variable want = stat_file (path_concat (Src_Dir, "socket-module.so")), got = stat_file (out);
   expect_true ("slsh-tree loads src/socket-module.so (" + out + ")",
		(want != NULL) && (got != NULL) && (want.st_ino == got.st_ino));
}

check_layers ();
check_exports ();
check_module_file ();
check_slsh_tree ();
test_done ();
