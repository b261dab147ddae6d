% test_names.sl: getaddrinfo, getnameinfo, inet_pton, inet_ntop (SPEC
% section 7) and the resolver errors (section 3).  Only numeric
% addresses, "localhost" and one unknown name are resolved.
require ("./harness");

private define skip (name, why)
{
   () = fprintf (stdout, "# skip %s: %s\n", name, why);
   () = fflush (stdout);
}

private define n_distinct (a)
{
   variable h = Assoc_Type[Int_Type], v;
   foreach v (a) h[string (v)] = 1;
   return length (h);
}

% ------------------------------------------------------------------
% Constants
% ------------------------------------------------------------------
private define test_constants ()
{
   variable ai = ["AI_PASSIVE", "AI_CANONNAME", "AI_NUMERICHOST", "AI_NUMERICSERV",
		  "AI_V4MAPPED", "AI_ALL", "AI_ADDRCONFIG"];
   variable ni = ["NI_NUMERICHOST", "NI_NUMERICSERV", "NI_NAMEREQD", "NI_DGRAM", "NI_NOFQDN"];
   variable he = ["HOST_NOT_FOUND", "TRY_AGAIN", "NO_RECOVERY", "NO_DATA"];
   variable group;
   foreach group ({ai, ni, he})
     {
	variable n, vals = Int_Type[0];
	foreach n (group)
	  {
	     if (0 == is_defined (n))
	       {
		  test_fail ("constant " + n, "not defined");
		  continue;
	       }
	     variable v = @__get_reference (n);
	     expect_value ("typeof " + n, typeof (v), Integer_Type);
	     if (typeof (v) != Integer_Type) continue;
	     if (group[0] != "HOST_NOT_FOUND")
	       expect_true (n + " is a single flag bit", (v > 0) && ((v & (v - 1)) == 0));
	     vals = [vals, v];
	  }
	expect_value ("distinct: " + strjoin (group, " "), n_distinct (vals), length (group));
     }
   expect_value ("h_errno is an Int", typeof (h_errno), Integer_Type);
   expect_error ("h_errno is read-only", ReadOnlyError, "h_errno", &eval, "h_errno = 0;");
}
test_constants ();

% ------------------------------------------------------------------
% getaddrinfo
% ------------------------------------------------------------------
private variable Ai_Fields = "family,socktype,protocol,canonname,host,port";

private define fields_of (s)
{
   return strjoin (get_struct_field_names (s), ",");
}

private define test_getaddrinfo ()
{
   variable a = getaddrinfo ("localhost", "http");
   expect_value ("getaddrinfo returns an Array", typeof (a), Array_Type);
   expect_value ("of Struct_Type", _typeof (a), Struct_Type);
   expect_true ("at least one entry for localhost", length (a) >= 1);
   variable r, all_80 = 1, all_fields = 1, hosts = String_Type[0];
   foreach r (a)
     {
	if (fields_of (r) != Ai_Fields) all_fields = 0;
	if ((typeof (r.port) != Integer_Type) || (r.port != 80)) all_80 = 0;
	hosts = [hosts, string (r.host)];
     }
   expect_true ("fields are " + Ai_Fields, all_fields);
   expect_true ("every port is 80 (http)", all_80);
   expect_true ("localhost includes 127.0.0.1 (" + strjoin (hosts, " ") + ")",
		any (hosts == "127.0.0.1"));

   % one numeric v6 entry
   a = getaddrinfo ("::1", 8080, AF_INET6, SOCK_STREAM);
   expect_value ("::1 8080: exactly one entry", length (a), 1);
   r = a[0];
   expect_value ("::1 8080: family", r.family, AF_INET6);
   expect_value ("::1 8080: host", r.host, "::1");
   expect_value ("::1 8080: port", r.port, 8080);
   expect_value ("::1 8080: socktype", r.socktype, SOCK_STREAM);
   expect_value ("::1 8080: protocol", r.protocol, IPPROTO_TCP);
   expect_value ("::1 8080: no canonname without AI_CANONNAME", r.canonname, NULL);

   % the service as a numeric String, datagram hints
   a = getaddrinfo ("127.0.0.1", "5353", AF_INET, SOCK_DGRAM);
   expect_value ("127.0.0.1 \"5353\" DGRAM: one entry", length (a), 1);
   expect_value ("DGRAM: family", a[0].family, AF_INET);
   expect_value ("DGRAM: host", a[0].host, "127.0.0.1");
   expect_value ("DGRAM: port", a[0].port, 5353);
   expect_value ("DGRAM: socktype", a[0].socktype, SOCK_DGRAM);
   expect_value ("DGRAM: protocol", a[0].protocol, IPPROTO_UDP);

   % AI_CANONNAME
   a = getaddrinfo ("localhost", NULL, AF_INET, SOCK_STREAM, 0, AI_CANONNAME);
   expect_value ("AI_CANONNAME: canonname is a String", typeof (a[0].canonname), String_Type);
   expect_true ("AI_CANONNAME: canonname is not empty",
		(typeof (a[0].canonname) == String_Type) && (strlen (a[0].canonname) > 0));
   expect_value ("no service: port 0", a[0].port, 0);

   % AI_PASSIVE with no host: the wildcard address
   a = getaddrinfo (NULL, "80", AF_INET, SOCK_STREAM, 0, AI_PASSIVE);
   expect_value ("AI_PASSIVE v4: one entry", length (a), 1);
   expect_value ("AI_PASSIVE v4: 0.0.0.0", a[0].host, "0.0.0.0");
   expect_value ("AI_PASSIVE v4: port", a[0].port, 80);
   a = getaddrinfo ("", "80", AF_INET6, SOCK_STREAM, 0, AI_PASSIVE);
   expect_value ("AI_PASSIVE v6 with \"\" host: ::", a[0].host, "::");
   a = getaddrinfo (NULL, "80", AF_INET, SOCK_STREAM);
   expect_value ("no host, not passive: loopback", a[0].host, "127.0.0.1");

   % resolver failures: SocketHError, h_errno, message
   expect_error ("AI_NUMERICHOST with a name", SocketHError, "^getaddrinfo: localhost: ",
		 &getaddrinfo, "localhost", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
   expect_value ("AI_NUMERICHOST with a name: h_errno", h_errno, HOST_NOT_FOUND);
   expect_error ("AI_NUMERICSERV with a name", SocketHError, "^getaddrinfo: ",
		 &getaddrinfo, "127.0.0.1", "http", AF_INET, SOCK_STREAM, 0, AI_NUMERICSERV);
   expect_error ("v4 literal for AF_INET6", SocketHError, "^getaddrinfo: 127\\.0\\.0\\.1: ",
		 &getaddrinfo, "127.0.0.1", "80", AF_INET6, SOCK_STREAM, 0, AI_NUMERICHOST);
   expect_error ("unknown service", SocketHError, "^getaddrinfo: ",
		 &getaddrinfo, "127.0.0.1", "no-such-service-xyz");

   variable bad = "no-such-host.invalid";
   variable e = NULL;
   try (e)
     {
	() = getaddrinfo (bad, "80");
     }
   catch AnyError;
   if (e == NULL)
     test_fail ("unknown host", "no exception");
   else
     {
	expect_value ("unknown host: SocketHError", e.descr, "Socket h_errno Error");
	expect_true ("unknown host: SocketHError", e.error == SocketHError);
	expect_true ("unknown host: message \"" + e.message + "\" starts with getaddrinfo: and names the host",
		     (0 == strncmp (e.message, "getaddrinfo: ", 13))
		     && (is_substr (e.message, bad) > 0));
	if (h_errno == TRY_AGAIN)
	  skip ("unknown host h_errno", "the resolver is unreachable (TRY_AGAIN)");
	else
	  expect_value ("unknown host: h_errno == HOST_NOT_FOUND", h_errno, HOST_NOT_FOUND);
     }
   % SocketHError is a SocketError, which is a RunTimeError
   variable caught = 0;
   try
     {
	() = getaddrinfo ("localhost", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
     }
   catch SocketError: { caught = 1; }
   expect_value ("catch SocketError catches SocketHError", caught, 1);
   caught = 0;
   try
     {
	() = getaddrinfo ("localhost", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST);
     }
   catch RunTimeError: { caught = 1; }
   expect_value ("catch RunTimeError catches SocketHError", caught, 1);

   % argument errors
   expect_error ("getaddrinfo (NULL, NULL)", InvalidParmError, "^getaddrinfo: ",
		 &getaddrinfo, NULL, NULL);
   expect_error ("getaddrinfo (\"\", NULL)", InvalidParmError, "^getaddrinfo: ",
		 &getaddrinfo, "", NULL);
   expect_error ("getaddrinfo host Int", TypeMismatchError, "host",
		 &getaddrinfo, 127, "80");
   expect_error ("getaddrinfo service Double", TypeMismatchError, "service",
		 &getaddrinfo, "localhost", 80.0);
   expect_error ("getaddrinfo family String", TypeMismatchError, "family",
		 &getaddrinfo, "localhost", "80", "AF_INET");
   expect_error ("getaddrinfo flags String", TypeMismatchError, "flags",
		 &getaddrinfo, "localhost", "80", AF_INET, SOCK_STREAM, 0, "AI_PASSIVE");
   expect_error ("getaddrinfo port 70000", InvalidParmError, "70000",
		 &getaddrinfo, "127.0.0.1", 70000);
   expect_error ("getaddrinfo port -1", InvalidParmError, "-1",
		 &getaddrinfo, "127.0.0.1", -1);
   expect_error ("getaddrinfo one argument", NumArgsError, "usage",
		 &getaddrinfo, "localhost");
   expect_error ("getaddrinfo seven arguments", NumArgsError, "usage",
		 &getaddrinfo, "localhost", "80", AF_INET, SOCK_STREAM, 0, 0, 0);
}
test_getaddrinfo ();

% ------------------------------------------------------------------
% getnameinfo
% ------------------------------------------------------------------
private define test_getnameinfo ()
{
   variable depth = _stkdepth ();
   variable h, s;
   (h, s) = getnameinfo ("127.0.0.1", 80, NI_NUMERICHOST | NI_NUMERICSERV);
   expect_value ("getnameinfo numeric: host", h, "127.0.0.1");
   expect_value ("getnameinfo numeric: service", s, "80");
   variable d = _stkdepth () - depth;
   expect_value ("getnameinfo leaves nothing else on the stack", d, 0);

   (h, s) = getnameinfo ("127.0.0.1", 80);
   expect_value ("getnameinfo 127.0.0.1 80: service http", s, "http");
   expect_true ("getnameinfo 127.0.0.1 80: host is a non-empty String (" + string (h) + ")",
		(typeof (h) == String_Type) && (strlen (h) > 0));

   (h, s) = getnameinfo ("::1", 22, NI_NUMERICHOST);
   expect_value ("getnameinfo ::1 22 NI_NUMERICHOST: host", h, "::1");
   expect_value ("getnameinfo ::1 22 NI_NUMERICHOST: service", s, "ssh");
   (h, s) = getnameinfo ("::1", 22, NI_NUMERICHOST | NI_NUMERICSERV);
   expect_value ("getnameinfo ::1 22 numeric service", s, "22");
   (h, s) = getnameinfo ("fe80::1%lo", 8080, NI_NUMERICHOST | NI_NUMERICSERV);
   expect_value ("getnameinfo keeps the scope", h, "fe80::1%lo");
   expect_value ("getnameinfo scope: service", s, "8080");
   (h, s) = getnameinfo ("127.0.0.1", "80", NI_NUMERICHOST | NI_NUMERICSERV);
   expect_value ("getnameinfo port as a String", s, "80");

   expect_error ("getnameinfo not-numeric", InvalidParmError, "not-numeric",
		 &getnameinfo, "not-numeric", 80);
   expect_error ("getnameinfo localhost is not numeric", InvalidParmError, "localhost",
		 &getnameinfo, "localhost", 80);
   expect_error ("getnameinfo NULL host", InvalidParmError, "^getnameinfo: ",
		 &getnameinfo, NULL, 80);
   expect_error ("getnameinfo port 65536", InvalidParmError, "65536",
		 &getnameinfo, "127.0.0.1", 65536);
   expect_error ("getnameinfo host Int", TypeMismatchError, "host",
		 &getnameinfo, 0x7f000001, 80);
   expect_error ("getnameinfo flags String", TypeMismatchError, NULL,
		 &getnameinfo, "127.0.0.1", 80, "NI_NUMERICHOST");
   expect_error ("getnameinfo one argument", NumArgsError, "usage",
		 &getnameinfo, "127.0.0.1");
   expect_error ("getnameinfo four arguments", NumArgsError, "usage",
		 &getnameinfo, "127.0.0.1", 80, 0, 0);
}
test_getnameinfo ();

% ------------------------------------------------------------------
% inet_pton / inet_ntop
% ------------------------------------------------------------------
private define test_pton_ntop ()
{
   variable b = inet_pton (AF_INET, "1.2.3.4");
   expect_value ("inet_pton v4 type", typeof (b), BString_Type);
   expect_value ("inet_pton v4 length", bstrlen (b), 4);
   expect_value ("inet_pton v4 bytes", b, "\x01\x02\x03\x04"B);
   expect_value ("inet_pton 255.0.128.9", inet_pton (AF_INET, "255.0.128.9"), "\xFF\x00\x80\x09"B);

   b = inet_pton (AF_INET6, "::1");
   expect_value ("inet_pton v6 type", typeof (b), BString_Type);
   expect_value ("inet_pton v6 length", bstrlen (b), 16);
   expect_value ("inet_pton ::1 last byte", b[15], 1);
   expect_value ("inet_pton ::1 other bytes 0", sum (bstring_to_array (b)[[0:14]]), 0);
   b = inet_pton (AF_INET6, "2001:db8::ff00:42:8329");
   expect_value ("inet_pton 2001:db8:: first bytes", b[[0:3]], "\x20\x01\x0d\xb8"B);
   expect_value ("inet_pton 2001:db8:: last bytes", b[[12:15]], "\x00\x42\x83\x29"B);

   % round trips
   variable t;
   foreach t (["1.2.3.4", "127.0.0.1", "0.0.0.0", "255.255.255.255"])
     expect_value ("inet_ntop (inet_pton (" + t + "))", inet_ntop (AF_INET, inet_pton (AF_INET, t)), t);
   foreach t (["::1", "::", "2001:db8::ff00:42:8329", "fe80::1", "::ffff:1.2.3.4"])
     expect_value ("inet_ntop (inet_pton (" + t + "))", inet_ntop (AF_INET6, inet_pton (AF_INET6, t)), t);
   expect_value ("inet_ntop canonical form", inet_ntop (AF_INET6, inet_pton (AF_INET6, "2001:0db8:0:0:0:0:0:0001")), "2001:db8::1");
   expect_value ("inet_ntop v4 from bytes", inet_ntop (AF_INET, "\x7f\x00\x00\x01"B), "127.0.0.1");
   expect_value ("inet_ntop returns a String", typeof (inet_ntop (AF_INET, "\x0a\x00\x00\x01"B)), String_Type);
   expect_value ("AF_INET == PF_INET for inet_pton", inet_pton (PF_INET, "1.2.3.4"), "\x01\x02\x03\x04"B);

   % bad text, bad length, bad family, bad types
   expect_error ("inet_pton 1.2.3", InvalidParmError, "1\\.2\\.3",
		 &inet_pton, AF_INET, "1.2.3");
   expect_error ("inet_pton 1.2.3.256", InvalidParmError, "^inet_pton: ",
		 &inet_pton, AF_INET, "1.2.3.256");
   expect_error ("inet_pton v6 text for AF_INET", InvalidParmError, "^inet_pton: ",
		 &inet_pton, AF_INET, "::1");
   expect_error ("inet_pton 1:::2", InvalidParmError, "^inet_pton: ",
		 &inet_pton, AF_INET6, "1:::2");
   expect_error ("inet_pton empty text", InvalidParmError, "^inet_pton: ",
		 &inet_pton, AF_INET, "");
   expect_error ("inet_ntop 3 bytes for AF_INET", InvalidParmError, "^inet_ntop: ",
		 &inet_ntop, AF_INET, "\x01\x02\x03"B);
   expect_error ("inet_ntop 5 bytes for AF_INET", InvalidParmError, "^inet_ntop: ",
		 &inet_ntop, AF_INET, "\x01\x02\x03\x04\x05"B);
   expect_error ("inet_ntop 4 bytes for AF_INET6", InvalidParmError, "^inet_ntop: ",
		 &inet_ntop, AF_INET6, "\x01\x02\x03\x04"B);
   expect_error ("inet_pton family 12345", InvalidParmError, "family",
		 &inet_pton, 12345, "1.2.3.4");
   expect_error ("inet_ntop family 12345", InvalidParmError, "family",
		 &inet_ntop, 12345, "\x01\x02\x03\x04"B);
   expect_error ("inet_pton AF_UNIX", InvalidParmError, "family",
		 &inet_pton, AF_UNIX, "1.2.3.4");
   expect_error ("inet_pton text Int", TypeMismatchError, NULL,
		 &inet_pton, AF_INET, 0x01020304);
   expect_error ("inet_pton family String", TypeMismatchError, NULL,
		 &inet_pton, "AF_INET", "1.2.3.4");
   expect_error ("inet_ntop bytes Int", TypeMismatchError, NULL,
		 &inet_ntop, AF_INET, 0x01020304);
   expect_error ("inet_pton one argument", NumArgsError, "usage", &inet_pton, AF_INET);
   expect_error ("inet_ntop three arguments", NumArgsError, "usage",
		 &inet_ntop, AF_INET, "\x01\x02\x03\x04"B, 1);
}
test_pton_ntop ();

test_done ();
