% test_interfaces.sl: if_nametoindex, if_indextoname, if_nameindex,
% getifaddrs, gethostname (SPEC 15).  The loopback interface "lo" is
% the one every Linux network namespace has.
require ("./harness");

private define check_index ()
{
   variable lo = if_nametoindex ("lo");
   expect_value ("if_nametoindex (lo) is an Int", typeof (lo), Int_Type);
   expect_true ("if_nametoindex (lo) > 0", lo > 0);
   expect_value ("if_indextoname (if_nametoindex (lo))", if_indextoname (lo), "lo");
   expect_error ("if_nametoindex of a missing interface", SocketError, "^if_nametoindex: no-such-if0: ",
		 &if_nametoindex, "no-such-if0"; errno = ENODEV);
   expect_error ("if_indextoname of index 0", SocketError, "^if_indextoname: 0: ", &if_indextoname, 0);
   expect_error ("if_indextoname of an unused index", SocketError, "^if_indextoname: 999999: ",
		 &if_indextoname, 999999);
   expect_error ("if_nametoindex (7)", TypeMismatchError, "^if_nametoindex: ", &if_nametoindex, 7);
   expect_error ("if_indextoname (\"lo\")", TypeMismatchError, "^if_indextoname: ", &if_indextoname, "lo");
   expect_error ("if_indextoname (2^40)", InvalidParmError, "1099511627776", &if_indextoname, 1099511627776L);
   expect_error ("if_nametoindex ()", NumArgsError, "^if_nametoindex: ", &if_nametoindex);
}

private define check_nameindex ()
{
   variable all = if_nameindex ();
   expect_value ("if_nameindex gives an Array of Struct", _typeof (all), Struct_Type);
   variable i = where (array_map (String_Type, &get_struct_field, all, "name") == "lo");
   expect_value ("if_nameindex lists lo once", length (i), 1);
   if (length (i) == 1)
     expect_value ("if_nameindex: lo's index", all[i[0]].index, if_nametoindex ("lo"));
   variable ok = 1, x;
   foreach x (all)
     if (if_indextoname (x.index) != x.name) ok = 0;
   expect_true ("if_nameindex: every index names its interface", ok);
   expect_error ("if_nameindex (1)", NumArgsError, "^if_nameindex: ", &if_nameindex, 1);
}

private define check_ifaddrs ()
{
   variable all = getifaddrs ();
   expect_value ("getifaddrs gives an Array of Struct", _typeof (all), Struct_Type);
   variable x, v4 = NULL, v6 = NULL;
   foreach x (all)
     {
	if (x.name != "lo") continue;
	if (x.family == AF_INET) v4 = x;
	if (x.family == AF_INET6) v6 = x;
     }
   expect_true ("getifaddrs: lo has 127.0.0.1", (v4 != NULL) && (v4.addr == "127.0.0.1"));
   if (v4 != NULL)
     {
	expect_value ("getifaddrs: lo's netmask", v4.netmask, "255.0.0.0");
	expect_value ("getifaddrs: lo's index", v4.index, if_nametoindex ("lo"));
	expect_true ("getifaddrs: lo is up and a loopback", (v4.flags & IFF_UP) && (v4.flags & IFF_LOOPBACK));
	expect_value ("getifaddrs: no broadcast address on lo", v4.broadaddr, NULL);
     }
   if (v6 != NULL)
     expect_value ("getifaddrs: lo has ::1", v6.addr, "::1");
   else () = fprintf (stdout, "# skip: no IPv6 address on lo\n");
   % every IPv4/IPv6 address is numeric and can be bound to
   variable ok = 1;
   foreach x (all)
     {
	if ((x.family != AF_INET) || (x.addr == NULL)) continue;
	if (4 != bstrlen (inet_pton (AF_INET, x.addr))) ok = 0;
     }
   expect_true ("getifaddrs: IPv4 addresses are numeric", ok);
   expect_error ("getifaddrs (1)", NumArgsError, "^getifaddrs: ", &getifaddrs, 1);
}

private define check_hostname ()
{
   variable h = gethostname ();
   expect_value ("gethostname is a String", typeof (h), String_Type);
   expect_true ("gethostname is not empty", strlen (h) > 0);
   variable fp = popen ("hostname 2>/dev/null", "r"), line;
   if ((fp != NULL) && (-1 != fgets (&line, fp)))
     expect_value ("gethostname matches hostname(1)", h, strtrim (line));
   if (fp != NULL) () = pclose (fp);
   expect_error ("gethostname (1)", NumArgsError, "^gethostname: ", &gethostname, 1);
}

check_index ();
check_nameindex ();
check_ifaddrs ();
check_hostname ();
test_done ();
