/* unixpath.c: socket objects and unix socket paths (SPEC sections 4, 10).
 *
 * Every socket the module makes (socket, socketpair, accept, create_*,
 * recv_fds, dup_fd of one of those) carries the module's clientdata and a
 * dup method, so that all copies share one Path_Owner_Type.  That records
 * who bound which unix path, so that the path is removed when the
 * binding process has closed its last copy and no socket is bound to it
 * any more -- and never otherwise.  bind itself removes only a stale
 * socket file, never anything else.
 *
 * Copyright (C) 2026 the socket module authors.  GPL-2.0-or-later.
 */
#include "socket-module.h"
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

static int Clientdata_Id = -1;

/* Is the unix socket with inode sock_ino still alive (wherever it is
 * held: another process, a message in flight)?  Asked of the kernel for
 * that one socket (a sock_diag query by inode, not a dump, which could
 * skip sockets): 1 yes, 0 no, -1 cannot tell (no sock_diag). */
static int unix_socket_diag_alive (ino_t sock_ino)
{
   struct
     {
	struct nlmsghdr nlh;
	struct unix_diag_req req;
     }
   q;
   long buf[1024];		       /* 8 KiB, aligned */
   struct nlmsghdr *h = (struct nlmsghdr *) buf;
   ssize_t n;
   int fd, alive = -1;

   if (-1 == (fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)))
     return -1;
   memset (&q, 0, sizeof (q));
   q.nlh.nlmsg_len = sizeof (q);
   q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
   q.nlh.nlmsg_flags = NLM_F_REQUEST;
   q.nlh.nlmsg_seq = 1;
   q.req.sdiag_family = AF_UNIX;
   q.req.udiag_ino = (__u32) sock_ino;
   q.req.udiag_cookie[0] = q.req.udiag_cookie[1] = ~0U;   /* no cookie */
   if (-1 != send (fd, &q, sizeof (q), 0))
     {
	while ((-1 == (n = recv (fd, buf, sizeof (buf), 0))) && (errno == EINTR))
	  ;
	if ((n >= (ssize_t) sizeof (struct nlmsghdr)) && NLMSG_OK (h, (size_t) n))
	  {
	     if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY)
	       alive = 1;
	     else if ((h->nlmsg_type == NLMSG_ERROR)
		      && (h->nlmsg_len >= NLMSG_LENGTH (sizeof (struct nlmsgerr)))
		      && (((struct nlmsgerr *) NLMSG_DATA (h))->error == -ENOENT))
	       alive = 0;
	  }
     }
   (void) close (fd);
   return alive;
}

typedef struct Path_Owner_Type
{
   unsigned int refs;
   char *path;			       /* absolute; NULL until bound */
   dev_t dev;
   ino_t ino;			       /* of the socket file */
   ino_t sock_ino;		       /* of the socket itself (sockfs) */
   struct timespec ctime;	       /* of the socket file, at bind */
   pid_t pid;
   size_t rel;			       /* where path's relative name starts */
   dev_t cwd_dev;		       /* the working directory at bind */
   ino_t cwd_ino;
   struct Path_Owner_Type *next;      /* on the Orphans list */
}
Path_Owner_Type;

typedef struct
{
   int fd;
   Path_Owner_Type *owner;	       /* NULL: not bound, never copied */
}
Socket_CD_Type;

/* Owners whose last module descriptor in this process has closed while
 * their socket was still alive: through a descriptor the module did not
 * make (@FD_Type(n), another module's copy), in a child that inherited
 * it (a pre-forked worker serving the path), or in a message in flight.
 * The path stays while the socket lives, and is removed at a later sweep
 * (the next close of a module socket, the next bind of a unix path, or
 * exit) once nobody is bound to it any more. */
static Path_Owner_Type *Orphans = NULL;

static int is_stale_socket (struct sockaddr_un *un, socklen_t len, struct stat *st);

/* Is o's path still the socket file o's socket created? */
static int is_own_file (Path_Owner_Type *o)
{
   struct stat st;
   return (o->path != NULL) && (o->pid == getpid ())
     && (0 == lstat (o->path, &st)) && S_ISSOCK (st.st_mode)
     && (st.st_dev == o->dev) && (st.st_ino == o->ino);
}

/* Is o's path a socket file that nobody is bound to?  -1: cannot tell
 * (the absolute path is too long for a probe, or the probe may not
 * connect: a file without write permission for us). */
static int own_file_is_stale (Path_Owner_Type *o)
{
   struct sockaddr_un un;
   struct stat st;
   const char *path = o->path;
   size_t n = strlen (path);
   int stale;

   if ((n >= sizeof (un.sun_path)) && (o->rel > 0)
       && (0 == stat (".", &st)) && (st.st_dev == o->cwd_dev) && (st.st_ino == o->cwd_ino))
     {
	/* too long as an absolute name: the name bind was given will do,
	 * in the same working directory */
	path += o->rel;
	n -= o->rel;
     }
   if (n >= sizeof (un.sun_path)) return -1;
   memset (&un, 0, sizeof (un));
   un.sun_family = AF_UNIX;
   memcpy (un.sun_path, path, n);
   stale = is_stale_socket (&un, (socklen_t) (offsetof (struct sockaddr_un, sun_path) + n + 1), &st);
   if (stale != 1)
     return stale;
   return (st.st_dev == o->dev) && (st.st_ino == o->ino);
}

static void free_owner (Path_Owner_Type *o)
{
   SLfree (o->path);
   SLfree ((char *) o);
}

/* Is the unix socket with inode sock_ino still alive in this network
 * namespace (in another process, or in flight in a message)?  1 yes,
 * 0 no, -1 cannot tell. */
static int unix_socket_alive (ino_t sock_ino)
{
   char line[512];
   FILE *fp;
   int alive = 0;

   if (NULL == (fp = fopen ("/proc/net/unix", "re")))
     return -1;
   /* Num RefCount Protocol Flags Type St Inode [Path] */
   while ((alive == 0) && (NULL != fgets (line, sizeof (line), fp)))
     {
	unsigned long ino;
	if ((1 == sscanf (line, "%*s %*s %*s %*s %*s %*s %lu", &ino)) && (ino == (unsigned long) sock_ino))
	  alive = 1;
     }
   (void) fclose (fp);
   return alive;
}

/* Is o's socket dead, so that its path may go?  1 yes, 0 no.  A connect
 * probe says whether anyone is bound to the path (a stale file); where
 * it cannot tell (a name too long to probe, a file we may not connect
 * to), /proc/net/unix says whether the socket itself is alive (if that
 * cannot tell either: no). */
static int owner_socket_dead (Path_Owner_Type *o)
{
   struct stat st;
   int stale = own_file_is_stale (o);
   if (stale != -1)
     return stale;
   stale = unix_socket_diag_alive (o->sock_ino);
   if (stale == -1)
     stale = unix_socket_alive (o->sock_ino);
   if (stale != 0)		       /* alive, or cannot tell */
     return 0;
   /* o's socket is dead, so its file's inode number may since belong to
    * a new server's socket file on the same path, which the probe could
    * not check: remove only a file unchanged since bind (a chmod also
    * changes ctime: such a file stays, for the next bind to remove) */
   return (0 == lstat (o->path, &st))
     && (st.st_ctim.tv_sec == o->ctime.tv_sec) && (st.st_ctim.tv_nsec == o->ctime.tv_nsec);
}

/* Settle o's path: 0 if its socket is still alive (o must wait), 1 if
 * o is done with -- the file removed because its socket is dead, or no
 * longer this process's own file to remove (another process's owner, as
 * a forked child inherits; a file replaced or gone). */
static int settle_path (Path_Owner_Type *o)
{
   if (! is_own_file (o))
     return 1;
   if (! owner_socket_dead (o))
     return 0;
   if (is_own_file (o))		       /* checked again just before */
     (void) unlink (o->path);
   return 1;
}

/* Remove the paths of orphans whose socket is now dead. */
static void sweep_orphans (void)
{
   Path_Owner_Type **op = &Orphans;

   while (*op != NULL)
     {
	Path_Owner_Type *o = *op;
	if (! settle_path (o))
	  {
	     op = &o->next;
	     continue;
	  }
	*op = o->next;
	free_owner (o);
     }
}

static void sweep_orphans_at_exit (void)
{
   if (Orphans != NULL)
     sweep_orphans ();
}

/* The module's last descriptor of o's socket in this process has been
 * closed.  If nobody is bound to the path any more, the socket is gone
 * everywhere: the file is removed (the socket held its inode until now,
 * so it is ours).  If the socket is still alive somewhere, o waits on the
 * Orphans list: the path of a live socket is never removed. */
static void release_owner (Path_Owner_Type *o)
{
   if ((o == NULL) || (--o->refs > 0))
     return;
   if (! settle_path (o))
     {
	o->next = Orphans;
	Orphans = o;
	return;
     }
   free_owner (o);
}

static void free_socket_cd (VOID_STAR cd)
{
   Socket_CD_Type *s = (Socket_CD_Type *) cd;
   if (s == NULL) return;
   release_owner (s->owner);
   SLfree ((char *) s);
   if (Orphans != NULL)
     sweep_orphans ();
}

static SLFile_FD_Type *dup_socket_cd (VOID_STAR cd);

/* Give f the module's clientdata, sharing owner o (may be NULL). */
static int attach_cd (SLFile_FD_Type *f, int fd, Path_Owner_Type *o)
{
   Socket_CD_Type *s;

   if (NULL == (s = (Socket_CD_Type *) SLmalloc (sizeof (Socket_CD_Type))))
     return -1;
   s->fd = fd;
   s->owner = o;
   if (o != NULL) o->refs++;
   if (-1 == SLfile_set_clientdata (f, free_socket_cd, (VOID_STAR) s, Clientdata_Id))
     {
	if (o != NULL) o->refs--;
	SLfree ((char *) s);
	return -1;
     }
   (void) SLfile_set_dup_method (f, dup_socket_cd);
   return 0;
}

/* The module's clientdata of f, or NULL if f has none (or another's). */
static Socket_CD_Type *get_socket_cd (SLFile_FD_Type *f)
{
   VOID_STAR cd;
   if (-1 == SLfile_get_clientdata (f, Clientdata_Id, &cd))
     return NULL;
   return (Socket_CD_Type *) cd;
}

/* The owner shared by every copy of s, created on first need. */
static Path_Owner_Type *shared_owner (Socket_CD_Type *s)
{
   if (s->owner == NULL)
     {
	Path_Owner_Type *o = (Path_Owner_Type *) SLcalloc (1, sizeof (Path_Owner_Type));
	if (o == NULL) return NULL;
	o->refs = 1;
	s->owner = o;
     }
   return s->owner;
}

/* Wrap a new descriptor as an FD_Type named name; closes it on failure.
 * Sockets get the module's clientdata. */
static SLFile_FD_Type *wrap_fd (SLFUTURE_CONST char *name, int fd, int is_socket, Path_Owner_Type *o)
{
   SLFile_FD_Type *f = SLfile_create_fd (name, fd);

   if (f == NULL)
     {
	(void) close (fd);
	return NULL;
     }
   if (is_socket && (-1 == attach_cd (f, fd, o)))
     {
	SLfile_free_fd (f);	       /* closes fd */
	return NULL;
     }
   return f;
}

/* dup_fd on a module socket: a close-on-exec copy sharing the owner. */
static SLFile_FD_Type *dup_socket_cd (VOID_STAR cd)
{
   Socket_CD_Type *s = (Socket_CD_Type *) cd;
   Path_Owner_Type *o;
   int fd;

   if (NULL == (o = shared_owner (s)))
     return NULL;
   /* no EINTR retry: a signal handler could free s meanwhile */
   if (-1 == (fd = fcntl (s->fd, F_DUPFD_CLOEXEC, 0)))
     {
	SLerrno_set_errno (errno);
	return NULL;
     }
   return wrap_fd ("socket", fd, 1, o);
}

/* Wrap a new socket descriptor; closes it on failure. */
SLFile_FD_Type *make_socket_fd (int fd)
{
   return wrap_fd ("socket", fd, 1, NULL);
}

/* Wrap a descriptor received with recv_fds (sockets become the module's
 * sockets); closes it on failure. */
SLFile_FD_Type *make_received_fd (int fd)
{
   struct stat st;
   int is_socket = (0 == fstat (fd, &st)) && S_ISSOCK (st.st_mode);
   return wrap_fd ("fd", fd, is_socket, NULL);
}


/* A unix socket path is stale when no socket is bound to it any more.
 * The probe is a datagram connect: it is refused only when nothing is
 * bound (a live socket of another type answers EPROTOTYPE), and unlike a
 * stream connect it never queues a connection on a live listener.
 * 1: stale; 0: bound, or not a socket file; -1: cannot tell (the file
 * is not writable for us, EACCES, or another error). */
static int is_stale_socket (struct sockaddr_un *un, socklen_t len, struct stat *st)
{
   int fd, stale, e;

   if ((-1 == lstat (un->sun_path, st)) || ! S_ISSOCK (st->st_mode))
     return 0;
   fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
   if (fd == -1)
     return -1;
   e = (0 == connect (fd, (struct sockaddr *) un, len)) ? 0 : errno;
   if ((e == EACCES) && (st->st_uid == geteuid ()) && ! (st->st_mode & S_IWUSR))
     {
	/* our own file without write permission for us (mode=0400, or a
	 * chmod after bind): lend ourselves the permission for the probe
	 * (only its owner gains, who could do so anyway), then put the
	 * mode back */
	if (0 == chmod (un->sun_path, (st->st_mode & 07777) | S_IWUSR))
	  {
	     e = (0 == connect (fd, (struct sockaddr *) un, len)) ? 0 : errno;
	     (void) chmod (un->sun_path, st->st_mode & 07777);
	  }
     }
   if (e == 0)
     stale = 0;
   else if (e == ECONNREFUSED)
     stale = 1;
   else if ((e == EPROTOTYPE) || (e == EPERM))
     stale = 0;		       /* EPERM: a datagram socket connected elsewhere */
   else
     stale = -1;
   (void) close (fd);
   return stale;
}

static int record_path_owner (Sock_Type *s, SLFUTURE_CONST char *path)
{
   Socket_CD_Type *cd = get_socket_cd (s->f);
   Path_Owner_Type *o;
   VOID_STAR other;
   struct stat st, cw;
   char *cwd = NULL, *abs;
   size_t n;

   if (cd == NULL)
     {
	/* a descriptor with another module's clientdata cannot own a path */
	if ((-1 == SLfile_get_clientdata (s->f, 0, &other)) || (other != NULL))
	  return 0;
	if (-1 == attach_cd (s->f, s->fd, NULL))
	  return -1;
	if (NULL == (cd = get_socket_cd (s->f)))
	  return 0;
     }
   if (-1 == lstat (path, &st))
     return 0;
   if ((path[0] != '/') && (NULL == (cwd = SLpath_getcwd ())))
     return 0;
   n = strlen (path) + ((cwd == NULL) ? 0 : strlen (cwd) + 1) + 1;
   if (NULL == (abs = (char *) SLmalloc (n)))
     {
	SLfree (cwd);
	return -1;
     }
   if (cwd == NULL)
     strcpy (abs, path);
   else
     {
	size_t m = strlen (cwd);
	strcpy (abs, cwd);
	if ((m == 0) || (abs[m - 1] != '/')) strcat (abs, "/");
	strcat (abs, path);
	SLfree (cwd);
     }
   if (NULL == (o = shared_owner (cd)))
     {
	SLfree (abs);
	return -1;
     }
   SLfree (o->path);
   o->path = abs;
   o->rel = strlen (abs) - strlen (path);
   if ((o->rel > 0) && (0 == stat (".", &cw)))
     {
	o->cwd_dev = cw.st_dev;
	o->cwd_ino = cw.st_ino;
     }
   else o->rel = 0;
   o->dev = st.st_dev;
   o->ino = st.st_ino;
   o->ctime = st.st_ctim;
   o->sock_ino = (0 == fstat (s->fd, &st)) ? st.st_ino : 0;
   o->pid = getpid ();
   return 0;
}

/* Bind with the section 10 rules for unix paths.  mode < 0: umask applies. */
int bind_address (SLFUTURE_CONST char *call, Sock_Type *s, Addr_Type *a, int is_abstract, int mode)
{
   mode_t old_umask = 0;
   int r, e = 0;
   int is_path = (a->ss.ss_family == AF_UNIX) && ! is_abstract
     && (a->len > offsetof (struct sockaddr_un, sun_path) + 1);
   struct sockaddr_un *un = (struct sockaddr_un *) &a->ss;

   if (is_path && (Orphans != NULL))
     sweep_orphans ();		       /* the path may be an orphan's */
   if (mode >= 0)
     old_umask = umask ((mode_t) (0777 & ~mode));

   r = bind (s->fd, (struct sockaddr *) &a->ss, a->len);
   if ((r == -1) && (errno == EADDRINUSE) && is_path)
     {
	struct stat st, st1;
	if ((1 == is_stale_socket (un, a->len, &st))
	    && (0 == lstat (un->sun_path, &st1))
	    && (st1.st_dev == st.st_dev) && (st1.st_ino == st.st_ino))
	  {
	     (void) unlink (un->sun_path);
	     r = bind (s->fd, (struct sockaddr *) &a->ss, a->len);
	  }
	else errno = EADDRINUSE;
     }
   if (r == -1) e = errno;

   if (mode >= 0)
     (void) umask (old_umask);

   if (r == -1)
     {
	throw_errno (call, e);
	return -1;
     }
   if (is_path)
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
   if ((*mode < 0) || (*mode > 0777))
     {
	SLang_verror (SL_InvalidParm_Error, "%s: mode=%#o is not a permission mode (0..0777)", call, *mode);
	return -1;
     }
   return 0;
}


/* Once per process (a second import, into a namespace, finds it done):
 * the clientdata id, and the sweep of orphans at exit (S-Lang never
 * unloads a module, so the handler stays valid). */
int init_socket_objects (void)
{
   if (Clientdata_Id != -1)
     return 0;
   if (-1 == SLfile_create_clientdata_id (&Clientdata_Id))
     return -1;
   (void) atexit (sweep_orphans_at_exit);
   return 0;
}
