/* sd.c: systemd socket activation and notification (SPEC 16).
 *
 * The protocol is small enough to speak directly, without libsystemd:
 * LISTEN_PID (must be this process), LISTEN_FDS (descriptors from 3 on),
 * LISTEN_FDNAMES (colon-separated), and a datagram of "KEY=value" lines
 * to NOTIFY_SOCKET (a path, or "@name" for an abstract one).  inetd-style
 * activation needs nothing: @FD_Type(0) is the socket.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "sd.h"

#define SD_LISTEN_FDS_START 3

static void unset_listen_environment (void)
{
   (void) unsetenv ("LISTEN_PID");
   (void) unsetenv ("LISTEN_FDS");
   (void) unsetenv ("LISTEN_FDNAMES");
}

/* How many descriptors were passed to this process: 0 if none (or the
 * variables are for another process, or malformed). */
static int listen_fds_count (void)
{
   const char *pid = getenv ("LISTEN_PID"), *n = getenv ("LISTEN_FDS");
   char *end;
   long lpid, ln;

   if ((pid == NULL) || (n == NULL))
     return 0;
   errno = 0;
   lpid = strtol (pid, &end, 10);
   if (errno || (*end != 0) || (lpid != (long) getpid ()))
     return 0;
   ln = strtol (n, &end, 10);
   if (errno || (*end != 0) || (ln <= 0) || (ln > INT_MAX - SD_LISTEN_FDS_START))
     return 0;
   return (int) ln;
}

/* Push the passed descriptors as an Array of FD_Type (sockets become the
 * module's, owning no path), each made close-on-exec as sd_listen_fds
 * does; and their names if names != 0. */
static void listen_fds (SLFUTURE_CONST char *call, int with_names)
{
   SLang_Array_Type *at = NULL, *nt = NULL;
   SLindex_Type n, i;
   int unset = 0;
   char *fdnames = NULL, *p;

   if (-1 == get_int_qualifier (call, "unset_environment", &unset, 0))
     return;
   n = listen_fds_count ();
   if ((NULL == (at = SLang_create_array (SLANG_FILE_FD_TYPE, 0, NULL, &n, 1)))
       || (with_names && (NULL == (nt = SLang_create_array (SLANG_STRING_TYPE, 0, NULL, &n, 1)))))
     goto free_return;
   if (with_names && (NULL != (p = getenv ("LISTEN_FDNAMES")))
       && (NULL == (fdnames = SLmake_string (p))))
     goto free_return;
   /* every descriptor first: a failure leaves them all open, as they came */
   for (i = 0; i < n; i++)
     {
	int fd = SD_LISTEN_FDS_START + (int) i, flags;
	if ((-1 == (flags = fcntl (fd, F_GETFD)))
	    || (-1 == fcntl (fd, F_SETFD, flags | FD_CLOEXEC)))
	  {
	     int e = errno;
	     SLerrno_set_errno (e);
	     SLang_verror (SocketError, "%s: descriptor %d of LISTEN_FDS=%ld: %s", call, fd, (long) n, strerror (e));
	     goto free_return;
	  }
     }
   p = fdnames;
   for (i = 0; i < n; i++)
     {
	int fd = SD_LISTEN_FDS_START + (int) i, status;
	SLFile_FD_Type *f;

	if (NULL == (f = make_received_fd (fd)))
	  goto free_return;
	status = SLang_set_array_element (at, &i, (VOID_STAR) &f);
	SLfile_free_fd (f);
	if (status == -1)
	  goto free_return;
	if (with_names)
	  {
	     char *name = "unknown", *colon;
	     if (p != NULL)
	       {
		  name = p;
		  if (NULL != (colon = strchr (p, ':'))) { *colon = 0; p = colon + 1; }
		  else p = NULL;
	       }
	     if (-1 == SLang_set_array_element (nt, &i, (VOID_STAR) &name))
	       goto free_return;
	  }
     }
   if (0 == SLang_push_array (at, 1))
     {
	at = NULL;
	if (with_names)
	  {
	     if (-1 == SLang_push_array (nt, 1))
	       (void) SLdo_pop ();
	     nt = NULL;
	  }
     }
free_return:
   if (unset)
     unset_listen_environment ();     /* as libsystemd: whatever happened */
   SLfree (fdnames);
   if (at != NULL) SLang_free_array (at);
   if (nt != NULL) SLang_free_array (nt);
}

void sd_listen_fds_intrin (void)
{
   CALL(c, "sd_listen_fds", "FD_Type[] sd_listen_fds (; unset_environment=0)");
   if (0 == check_nargs (&c, 0, 0))
     listen_fds (c.name, 0);
}

void sd_listen_fds_with_names_intrin (void)
{
   CALL(c, "sd_listen_fds_with_names", "(FD_Type[] fds, String_Type[] names) = sd_listen_fds_with_names (; unset_environment=0)");
   if (0 == check_nargs (&c, 0, 0))
     listen_fds (c.name, 1);
}

/* sd_notify (state ; unset_environment=0): 1 sent, 0 without NOTIFY_SOCKET. */
void sd_notify_intrin (void)
{
   CALL(c, "sd_notify", "Int_Type sd_notify (String_Type state ; unset_environment=0)");
   Data_Type d;
   Addr_Type a;
   const char *where;
   int unset = 0, fd = -1, is_abstract, sent = 0;

   memset (&d, 0, sizeof (d));
   if (-1 == check_nargs (&c, 1, 1))
     return;
   if ((-1 == get_int_qualifier (c.name, "unset_environment", &unset, 0))
       || (-1 == pop_data_arg (&c, "state", &d)))
     {
	unset = 0;		       /* a bad argument changes nothing */
	goto free_return;
     }
   where = getenv ("NOTIFY_SOCKET");
   if ((where != NULL) && (where[0] != 0))
     {
	size_t n = strlen (where);
	char name[sizeof (((struct sockaddr_un *) 0)->sun_path) + 1];

	if (n >= sizeof (name))
	  n = sizeof (name);	       /* make_unix_addr says it is too long */
	memcpy (name, where, n);
	if (name[0] == '@') name[0] = 0;   /* "@name": an abstract socket */
	if (-1 == make_unix_addr (c.name, (unsigned char *) name, n, (name[0] == 0), &a, &is_abstract))
	  goto free_return;
	if (-1 == (fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)))
	  {
	     throw_errno (c.name, errno);
	     goto free_return;
	  }
	/* never waits: a receiver whose queue is full is an EAGAIN error */
	while (-1 == sendto (fd, d.p, d.n, MSG_NOSIGNAL | MSG_DONTWAIT, (struct sockaddr *) &a.ss, a.len))
	  {
	     if ((errno != EINTR) || (0 != handle_eintr (NULL)))
	       {
		  if (errno != EINTR) throw_errno (c.name, errno);
		  goto free_return;
	       }
	  }
	sent = 1;
     }
   (void) SLang_push_int (sent);
free_return:
   if (unset)
     (void) unsetenv ("NOTIFY_SOCKET");
   if (fd != -1) (void) close (fd);
   drop_args (&c);
   free_data (&d);
}
