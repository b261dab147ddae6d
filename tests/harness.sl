% harness.sl: shared helpers for the socket module's tests.
%
% Loads the module from ../src (or $SOCKET_MODULE_DIR) and socket.sl from
% ../lib, proves that it is this build and not a system copy, and keeps
% the pass/fail count.  Every test script ends with test_done().

private variable Test_Dir = path_dirname (__FILE__);
private variable Top_Dir = path_concat (Test_Dir, "..");

private define harness_setup ()
{
   variable src = getenv ("SOCKET_MODULE_DIR");
   if ((src == NULL) || (src == "")) src = path_concat (Top_Dir, "src");
   set_import_module_path (src + ":" + get_import_module_path ());
   set_slang_load_path (path_concat (Top_Dir, "lib") + ":" + get_slang_load_path ());
}
harness_setup ();
require ("socket");

variable Tests_Passed = 0, Tests_Failed = 0;

define test_pass (name)
{
   Tests_Passed++;
   if (getenv ("TEST_VERBOSE") != NULL)
     () = fprintf (stdout, "ok - %s\n", name);
}

define test_fail (name, why)
{
   Tests_Failed++;
   () = fprintf (stdout, "not ok - %s: %s\n", name, why);
   () = fflush (stdout);
}

define expect_true (name, cond)
{
   if (cond) test_pass (name);
   else test_fail (name, "condition is false");
}

define expect_value (name, got, expected)
{
   if ((typeof (got) == typeof (expected)) || (is_struct_type (got) == 0))
     {
	variable same = 0;
	try
	  {
	     same = _eqs (got, expected);
	  }
	catch AnyError;
	if (same)
	  {
	     test_pass (name);
	     return;
	  }
     }
   test_fail (name, sprintf ("got %S (%S), expected %S (%S)", got, typeof (got), expected, typeof (expected)));
}

define fd_count ()
{
   variable l = listdir ("/proc/self/fd");
   if (l == NULL) return -1;
   return length (l);
}

% expect_error (name, Exception, pattern, &func, args...; errno=E)
% Calls func(args...), which must throw Exception (or a subclass) with a
% message matching the regular expression pattern.  Checks that the stack
% depth is unchanged and that no descriptor leaked.
define expect_error ()
{
   variable args = __pop_list (_NARGS - 4);
   variable name, exc, pattern, func;
   (name, exc, pattern, func) = ();
   variable want_errno = qualifier ("errno", NULL);
   variable nfd = fd_count ();
   variable depth = _stkdepth ();
   variable e = NULL;
   try (e)
     {
	(@func) (__push_list (args));
     }
   catch AnyError;
   variable d = _stkdepth () - depth;
   if (d > 0) _pop_n (d);
   if (e == NULL)
     {
	test_fail (name, "no exception was raised");
	return;
     }
   variable ok = 1, why = "";
   if (e.error != exc)
     {
	% a subclass is fine only when asked for the parent explicitly
	ok = 0;
	why = sprintf ("raised %s (%s), wanted error %S", e.descr, e.message, exc);
     }
   else if ((pattern != NULL) && (0 == string_match (e.message, pattern, 1)))
     {
	ok = 0;
	why = sprintf ("message \"%s\" does not match \"%s\"", e.message, pattern);
     }
   else if ((want_errno != NULL) && (errno != want_errno))
     {
	ok = 0;
	why = sprintf ("errno is %d (%s), wanted %d (%s)", errno, errno_string (errno), want_errno, errno_string (want_errno));
     }
   else if (d != 0)
     {
	ok = 0;
	why = sprintf ("stack depth changed by %d", d);
     }
   else if (fd_count () != nfd)
     {
	ok = 0;
	why = sprintf ("descriptors: %d before, %d after", nfd, fd_count ());
     }
   if (ok) test_pass (name);
   else test_fail (name, why);
}

% A fresh private directory for unix socket paths.
private variable Temp_Counter = 0;
define make_temp_dir ()
{
   variable base = getenv ("TMPDIR");
   if (base == NULL) base = "/tmp";
   loop (100)
     {
	Temp_Counter++;
	variable dir = path_concat (base, sprintf ("socktest-%d-%d", getpid (), Temp_Counter));
	if (0 == mkdir (dir, 0700))
	  return dir;
     }
   throw RunTimeError, "unable to make a temp dir";
}

% Remove a temp dir and the files in it.
define remove_temp_dir (dir)
{
   variable f;
   foreach f (listdir (dir))
     () = remove (path_concat (dir, f));
   () = rmdir (dir);
}

% A listening TCP socket on loopback with an ephemeral port.
define tcp_listener (family)
{
   variable s = socket (family, SOCK_STREAM, 0);
   bind (s, (family == PF_INET6) ? "::1" : "127.0.0.1", 0);
   listen (s, 16);
   return s;
}

% (client, server-side) connected pair over loopback for a family.
define tcp_pair (family)
{
   variable l = tcp_listener (family);
   variable c = socket (family, SOCK_STREAM, 0);
   connect (c, getsockname (l));
   variable a = accept (l);
   return c, a;
}

% run_limited_child (label, script, nfiles [, args...])
% Runs the S-Lang text script in a child slsh under `ulimit -n nfiles`
% (slsh has no setrlimit), with harness.sl already loaded, and relays the
% child's "ok - " / "not ok - " lines as this script's results, each
% prefixed with label.  Checks that the child reached its summary line
% and exited 0.  The child sees its extra arguments as __argv[1..].
% Returns the child's exit status.
private define shell_quote (a)
{
   return "'" + strreplace (string (a), "'", "'\\''") + "'";
}

define run_limited_child ()
{
   variable args = __pop_list (_NARGS - 3);
   variable label, script, nfiles;
   (label, script, nfiles) = ();
   variable here = Test_Dir;
   if (here[0] != '/') here = path_concat (getcwd (), here);
   variable dir = make_temp_dir ();
   variable file = path_concat (dir, "child.sl");
   variable fp = fopen (file, "w");
   () = fputs ("require (\"" + path_concat (here, "harness") + "\");\n", fp);
   () = fputs (script, fp);
   () = fclose (fp);
   variable slsh = getenv ("SLSH");
   if (slsh == NULL) slsh = "slsh";
   variable cmd = sprintf ("TEST_VERBOSE=1 sh -c 'ulimit -n %d && exec \"$0\" \"$@\"' %s %s", nfiles, slsh, shell_quote (file));
   variable a;
   foreach a (args)
     cmd += " " + shell_quote (a);
   cmd += " 2>&1";
   variable pp = popen (cmd, "r");
   variable line, summary = NULL;
   while (-1 != fgets (&line, pp))
     {
	line = strtrim_end (line, "\n");
	if (0 == strncmp (line, "ok - ", 5))
	  test_pass (label + ": " + line[[5:]]);
	else if (0 == strncmp (line, "not ok - ", 9))
	  test_fail (label + ": " + line[[9:]], "(reported by the child)");
	else if (string_match (line, "^[0-9]+ passed, [0-9]+ failed$", 1))
	  summary = line;
	else
	  () = fprintf (stdout, "# %s: %s\n", label, line);
     }
   variable rc = pclose (pp);
   () = remove (file);
   () = rmdir (dir);
   expect_true (label + ": the child ran to its summary line", summary != NULL);
   expect_value (label + ": the child's exit status", rc, 0);
   return rc;
}

define test_done ()
{
   () = fprintf (stdout, "%d passed, %d failed\n", Tests_Passed, Tests_Failed);
   exit (Tests_Failed ? 1 : 0);
}

% Prove that this build was loaded, not a system copy (Debian's
% libslang2-modules ships another socket-module.so).
private define check_identity ()
{
   variable fp = fopen (path_concat (Top_Dir, "VERSION"), "r");
   variable v = NULL;
   if (fp != NULL)
     {
	() = fgets (&v, fp);
	v = strtrim (v);
     }
   if ((0 == is_defined ("_socket_module_version_string"))
       || (v == NULL) || (_socket_module_version_string != v))
     {
	() = fprintf (stderr, "harness: the loaded socket module is not this build\n");
	exit (2);
     }
}
check_identity ();
