/* unixpath.c: socket FD objects and unix socket paths (SPEC 4, 10).
 *
 * Every socket the module makes (socket, socketpair, accept, create_*,
 * recv_fds, dup_fd of one of those) carries the module's clientdata, a
 * close method and a dup method, so that all its copies share one
 * Path_Owner_Type.  The rule for a bound path is the whole of SPEC 10:
 * when the last of those copies is closed in the process that bound the
 * path, the close method removes the path if it is still that socket's
 * file -- checked by device and inode before close(2), while the open
 * descriptor pins the inode, so the check is exact.  Nothing is probed or
 * swept later; bind (s, path ; unlink=0) keeps the path.  bind itself
 * removes only a stale socket file, never anything else.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "unixpath.h"

static int Clientdata_Id = -1;

/* The name of every socket FD_Type, made once: SLfile_create_fd copies
 * its name with SLang_create_slstring, which finds an slstring in its
 * cache instead of hashing the text again (two hashes a connection). */
static char *Socket_Name = NULL;

typedef struct
{
   unsigned int refs;		       /* open module copies of the socket */
   char *path;			       /* absolute; NULL: none to remove */
   dev_t dev;			       /* of the socket file, at bind */
   ino_t ino;
   pid_t pid;			       /* of the binding process */
}
Path_Owner_Type;

typedef struct
{
   int fd;
   int domain, type;		       /* 0: not known yet (sock_info learns them) */
   Path_Owner_Type *owner;	       /* NULL: never bound, never copied */
}
Socket_CD_Type;

/*{{{ Socket objects */

/* s is closing (or freed unclosed): let go of its owner; the last copy
 * removes the path if the file there is still this socket's own. */
static void release_owner (Socket_CD_Type *s)
{
   Path_Owner_Type *o = s->owner;
   struct stat st;

   s->owner = NULL;
   if ((o == NULL) || (--o->refs > 0))
     return;
   if ((o->path != NULL) && (o->pid == getpid ())
       && (0 == lstat (o->path, &st)) && S_ISSOCK (st.st_mode)
       && (st.st_dev == o->dev) && (st.st_ino == o->ino))
     (void) unlink (o->path);
   SLfree (o->path);
   SLfree ((char *) o);
}

/* The close method: the path check first, then close(2).  Linux frees
 * the descriptor even when close fails (EINTR, EIO), so this never asks
 * to be called again. */
static int close_socket_cd (VOID_STAR cd)
{
   Socket_CD_Type *s = (Socket_CD_Type *) cd;
   int fd = s->fd;

   if (fd == -1)
     {
	errno = EBADF;
	return -1;
     }
   release_owner (s);
   s->fd = -1;
   (void) close (fd);
   return 0;
}

static void free_socket_cd (VOID_STAR cd)
{
   Socket_CD_Type *s = (Socket_CD_Type *) cd;
   if (s == NULL) return;
   release_owner (s);		       /* if it was never closed */
   SLfree ((char *) s);
}

static SLFile_FD_Type *dup_socket_cd (VOID_STAR cd);

/* The domain and type given to socket(2) are what the kernel made,
 * except for combinations it rewrites (AF_INET with SOCK_PACKET makes a
 * packet socket, AF_UNIX with SOCK_RAW a datagram one).  So a record is
 * taken as given only for the common families and types; any other
 * socket's are learned from the kernel when a call needs them. */
static int kept_as_given (int domain, int type)
{
   return ((domain == AF_INET) || (domain == AF_INET6) || (domain == AF_UNIX))
     && ((type == SOCK_STREAM) || (type == SOCK_DGRAM) || (type == SOCK_SEQPACKET));
}

/* Give f the module's clientdata and methods, sharing owner o (NULL:
 * none yet). */
static int attach_cd (SLFile_FD_Type *f, int fd, int domain, int type, Path_Owner_Type *o)
{
   Socket_CD_Type *s;

   if (NULL == (s = (Socket_CD_Type *) SLmalloc (sizeof (Socket_CD_Type))))
     return -1;
   type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
   if (! kept_as_given (domain, type))
     domain = type = 0;
   s->fd = fd;
   s->domain = domain;
   s->type = type;
   s->owner = o;
   if (-1 == SLfile_set_clientdata (f, free_socket_cd, (VOID_STAR) s, Clientdata_Id))
     {
	SLfree ((char *) s);
	return -1;
     }
   if (o != NULL) o->refs++;
   (void) SLfile_set_close_method (f, close_socket_cd);
   (void) SLfile_set_dup_method (f, dup_socket_cd);
   return 0;
}

/* Wrap a new descriptor as an FD_Type named name; closes it on failure.
 * Sockets get the module's clientdata, with their domain and type when
 * the caller knows them (domain 0: not known). */
static SLFile_FD_Type *wrap_fd (SLFUTURE_CONST char *name, int fd, int is_socket,
				int domain, int type, Path_Owner_Type *o)
{
   SLFile_FD_Type *f = SLfile_create_fd (name, fd);

   if (f == NULL)
     {
	(void) close (fd);
	return NULL;
     }
   if (is_socket && (-1 == attach_cd (f, fd, domain, type, o)))
     {
	SLfile_free_fd (f);	       /* closes fd */
	return NULL;
     }
   return f;
}

/* dup_fd on a module socket: a close-on-exec copy sharing the owner,
 * which is made now if the socket has none yet (a copy made before bind
 * counts as much as one made after). */
static SLFile_FD_Type *dup_socket_cd (VOID_STAR cd)
{
   Socket_CD_Type *s = (Socket_CD_Type *) cd;
   int fd;

   if (s->owner == NULL)
     {
	if (NULL == (s->owner = (Path_Owner_Type *) SLcalloc (1, sizeof (Path_Owner_Type))))
	  return NULL;
	s->owner->refs = 1;
     }
   /* no EINTR retry: a signal handler could free s meanwhile */
   if (-1 == (fd = fcntl (s->fd, F_DUPFD_CLOEXEC, 0)))
     {
	SLerrno_set_errno (errno);
	return NULL;
     }
   return wrap_fd (Socket_Name, fd, 1, s->domain, s->type, s->owner);
}

/* A new socket of the module, of this domain and type (as given to
 * socket(2); 0: not known), owning no path; closes fd on failure. */
SLFile_FD_Type *make_socket_fd (int fd, int domain, int type)
{
   return wrap_fd (Socket_Name, fd, 1, domain, type, NULL);
}

/* A descriptor received with recv_fds (a socket becomes the module's,
 * owning no path); closes it on failure. */
SLFile_FD_Type *make_received_fd (int fd)
{
   struct stat st;
   int is_socket = (0 == fstat (fd, &st)) && S_ISSOCK (st.st_mode);
   return wrap_fd ("fd", fd, is_socket, 0, 0, NULL);
}

/* Check that s->fd is a socket and learn its domain and type.  They
 * never change, so a module socket keeps them in its record (two system
 * calls the first time only); calls that do not need them (send, recv)
 * skip this and let the kernel's ENOTSOCK speak. */
int sock_info (SLFUTURE_CONST char *call, Sock_Type *s)
{
   Socket_CD_Type *cd = NULL;
   socklen_t len = sizeof (int);

   if (s->domain != -1)
     return 0;
   if ((s->f != NULL) && (0 == SLfile_get_clientdata (s->f, Clientdata_Id, (VOID_STAR *) &cd))
       && (cd != NULL) && (cd->fd == s->fd) && (cd->domain != 0))
     {
	s->domain = cd->domain;
	s->type = cd->type;
	return 0;
     }
   if ((-1 == getsockopt (s->fd, SOL_SOCKET, SO_DOMAIN, &s->domain, &len))
       || (len = sizeof (int), -1 == getsockopt (s->fd, SOL_SOCKET, SO_TYPE, &s->type, &len)))
     {
	s->domain = -1;
	throw_errno (call, errno);
	return -1;
     }
   if ((cd != NULL) && (cd->fd == s->fd))
     {
	cd->domain = s->domain;
	cd->type = s->type;
     }
   return 0;
}

/* Pop a socket and learn its domain and type. */
int pop_sock (Call_Type *c, Sock_Type *s)
{
   if (-1 == pop_sock_fd (c, s))
     return -1;
   if (0 == sock_info (c->name, s))
     return 0;
   free_sock (s);
   return -1;
}

int push_new_socket (int fd, int domain, int type)
{
   SLFile_FD_Type *f;
   int status;

   if (NULL == (f = make_socket_fd (fd, domain, type)))
     return -1;
   status = SLfile_push_fd (f);
   SLfile_free_fd (f);
   return status;
}

/*}}}*/

/*{{{ bind */

/* A unix socket path is stale when no socket is bound to it any more.
 * The probe is a datagram connect: it is refused only when nothing is
 * bound (a live socket of another type answers EPROTOTYPE), and unlike a
 * stream connect it never queues a connection on a live listener.
 * 1: stale; 0: bound, not a socket file, or cannot tell (EACCES: not
 * ours to judge); -1: the probe could not be made (errno says why). */
static int is_stale_socket (struct sockaddr_un *un, socklen_t len, struct stat *st)
{
   int fd, e;

   if ((-1 == lstat (un->sun_path, st)) || ! S_ISSOCK (st->st_mode))
     return 0;
   if (-1 == (fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)))
     return -1;
   e = (0 == connect (fd, (struct sockaddr *) un, len)) ? 0 : errno;
   (void) close (fd);
   return e == ECONNREFUSED;
}

/* Record in the owner shared by s's copies that s bound path. */
static int record_path_owner (Sock_Type *s, SLFUTURE_CONST char *path)
{
   Socket_CD_Type *cd;
   Path_Owner_Type *o;
   VOID_STAR other;
   struct stat st;
   char *cwd = NULL, *abs;

   if (-1 == SLfile_get_clientdata (s->f, Clientdata_Id, &other))
     {
	/* a descriptor the module did not make (@FD_Type(n)) becomes the
	 * module's; one with another module's clientdata cannot own a path */
	if ((-1 == SLfile_get_clientdata (s->f, 0, &other)) || (other != NULL)
	    || (-1 == attach_cd (s->f, s->fd, s->domain, s->type, NULL))
	    || (-1 == SLfile_get_clientdata (s->f, Clientdata_Id, &other)))
	  return 0;
     }
   cd = (Socket_CD_Type *) other;
   if (-1 == lstat (path, &st))
     return 0;
   if ((path[0] != '/') && (NULL == (cwd = SLpath_getcwd ())))
     return 0;
   abs = (cwd == NULL) ? SLmake_string ((char *) path) : SLpath_dircat (cwd, (char *) path);
   SLfree (cwd);
   if (abs == NULL)
     return -1;
   if ((NULL == (o = cd->owner))
       && (NULL == (o = cd->owner = (Path_Owner_Type *) SLcalloc (1, sizeof (Path_Owner_Type)))))
     {
	SLfree (abs);
	return -1;
     }
   if (o->refs == 0) o->refs = 1;
   SLfree (o->path);
   o->path = abs;
   o->dev = st.st_dev;
   o->ino = st.st_ino;
   o->pid = getpid ();
   return 0;
}

/* Bind with the SPEC 10 rules for unix paths.  mode < 0: the umask
 * applies.  keep_path: never remove the path at close (;unlink=0). */
int bind_address (SLFUTURE_CONST char *call, Sock_Type *s, Addr_Type *a, int is_abstract, int mode, int keep_path)
{
   mode_t old_umask = 0;
   int r, e;
   int is_path = (a->ss.ss_family == AF_UNIX) && ! is_abstract
     && (a->len > offsetof (struct sockaddr_un, sun_path) + 1);
   struct sockaddr_un *un = (struct sockaddr_un *) &a->ss;

   if (mode >= 0)
     old_umask = umask ((mode_t) (0777 & ~mode));
   r = bind (s->fd, (struct sockaddr *) &a->ss, a->len);
   if ((r == -1) && (errno == EADDRINUSE) && is_path)
     {
	struct stat st, st1;
	int stale = is_stale_socket (un, a->len, &st);
	if (stale == -1)
	  ;			       /* the probe's errno (EMFILE), never a wrong EADDRINUSE */
	else if ((stale == 1) && (0 == lstat (un->sun_path, &st1))
		 && (st1.st_dev == st.st_dev) && (st1.st_ino == st.st_ino))
	  {
	     (void) unlink (un->sun_path);
	     r = bind (s->fd, (struct sockaddr *) &a->ss, a->len);
	  }
	else errno = EADDRINUSE;
     }
   e = errno;
   if (mode >= 0)
     (void) umask (old_umask);
   if (r == -1)
     {
	throw_errno (call, e);
	return -1;
     }
   if (is_path && ! keep_path)
     return record_path_owner (s, un->sun_path);
   return 0;
}

/* The ;mode= qualifier of bind: -1 when absent. */
int get_mode_qualifier (SLFUTURE_CONST char *call, int domain, int is_abstract, int *mode)
{
   *mode = -1;
   if (0 == SLang_qualifier_exists ("mode"))
     return 0;
   if (-1 == get_int_qualifier (call, "mode", mode, -1))
     return -1;
   if ((domain != AF_UNIX) || is_abstract)
     {
	SLang_verror (SL_InvalidParm_Error, "%s: mode= applies only to a unix socket path", call);
	return -1;
     }
   if ((*mode >= 0) && (*mode <= 0777))
     return 0;
   SLang_verror (SL_InvalidParm_Error, (*mode < 0) ? "%s: mode=%d is not a permission mode (0..0777)"
		 : "%s: mode=%#o is not a permission mode (0..0777)", call, *mode);
   return -1;
}

/*}}}*/

/* Once per process (a second import, into a namespace, finds it done). */
int init_socket_objects (void)
{
   if (Clientdata_Id != -1)
     return 0;
   if ((Socket_Name == NULL) && (NULL == (Socket_Name = SLang_create_slstring ("socket"))))
     return -1;
   return SLfile_create_clientdata_id (&Clientdata_Id);
}

/*{{{ Receive buffers */

/* The sender of what was just received into *ss (*salen bytes): a
 * connected stream socket does not report it, so it is asked for now,
 * while the descriptor is surely still this socket.  Returns 1 if the
 * connection is already gone (the data is returned all the same, with
 * NULL for the address), 0, or -1 on error. */
int sender_address (SLFUTURE_CONST char *call, Sock_Type *s, struct sockaddr_storage *ss, socklen_t *salen)
{
   if (*salen >= (socklen_t) sizeof (sa_family_t))
     return 0;
   if (-1 == sock_info (call, s))
     return -1;
   *salen = 0;
   if (s->domain == AF_UNIX)
     return 0;
   *salen = sizeof (*ss);
   return (-1 == getpeername (s->fd, (struct sockaddr *) ss, salen)) ? 1 : 0;
}

#define RECV_STREAM_CAP (1024 * 1024)
#define RECV_DGRAM_MIN 65536

/* Allocate a receive buffer for maxlen bytes without trusting a huge
 * maxlen: a stream read is capped (unless MSG_WAITALL asks for it all);
 * for datagrams the size of the next one is peeked. */
int recv_buffer_size (Call_Type *c, Sock_Type *s, int maxlen, int flags, double deadline, size_t *sizep)
{
   size_t size = (size_t) maxlen;

   if (size <= RECV_STREAM_CAP)
     ;
   else if (flags & MSG_ERRQUEUE)
     size = RECV_STREAM_CAP;	       /* a peek would consume the message */
   else if (-1 == sock_info (c->name, s))
     return -1;
   else if (s->type == SOCK_STREAM)
     size = RECV_STREAM_CAP;	       /* MSG_WAITALL grows it as data comes */
   else
     {
	unsigned char byte;
	Io_Type io;
	ssize_t r;

	memset (&io, 0, sizeof (io));
	io.p = &byte;
	io.n = 1;
	io.flags = (flags & ~MSG_WAITALL) | MSG_PEEK | MSG_TRUNC;
	r = sock_call (c->name, s, POLLIN, deadline, recv_op, &io);
	if (r == -1) return -1;
#ifdef SO_PEEK_OFF
	  {
	     /* with a peek offset set, the peek saw the datagram less that */
	     int off = -1;
	     socklen_t olen = sizeof (off);
	     if ((0 == getsockopt (s->fd, SOL_SOCKET, SO_PEEK_OFF, &off, &olen)) && (off > 0))
	       r += off;
	  }
#endif
	/* another reader of the socket may take that datagram before the
	 * real read: room for any UDP datagram at least, and the caller
	 * reports a longer one rather than cut it silently */
	if ((size_t) r < RECV_DGRAM_MIN) r = RECV_DGRAM_MIN;
	if ((size_t) r < size) size = (size_t) r;
     }
   *sizep = size;
   return 0;
}

/* A datagram longer than the buffer sized by a peek: never cut silently. */
void throw_cut_datagram (SLFUTURE_CONST char *call, unsigned char *buf, size_t size, ssize_t r,
				SLFUTURE_CONST char *also)
{
   throw_with_data (call, EMSGSIZE, buf, size,
		    "%s: a datagram of %ld bytes was cut to %lu (another reader took the one whose size was looked at); the exception's object is what was read%s",
		    call, (long) r, (unsigned long) size, also);
}

/*}}}*/
