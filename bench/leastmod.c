/* leastmod.c: the "least possible module" of make bench's in-process
 * ping-pong (see bench/run.sh).  Built into bench/least-module.so by the
 * Makefile's bench rule and NEVER installed: it is a yardstick, not an
 * API.  It does the least any S-Lang module can do for a send and a recv
 * through the public module API, so its rate is the practical ceiling
 * for ours:
 *
 *   n = msend (FD_Type s, String|BString data)   pop data (a String by
 *       reference, no copy), pop s, send(2), push the count (-1 on error)
 *   b = mrecv (FD_Type s, Int n)                 pop n, pop s, recv(2)
 *       into a stack buffer, push one BString (empty on error or EOF)
 *
 * No argument checks beyond what the pops do, no errno, no exceptions.
 * Loaded from bench/ by slbench.sl: set_import_module_path + import ("least").
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <string.h>
#include <slang.h>

SLANG_MODULE(least);

static int pop_fd (SLFile_FD_Type **f, int *fd)
{
   if (-1 == SLfile_pop_fd (f))
     return -1;
   if (-1 == SLfile_get_fd (*f, fd))
     {
	SLfile_free_fd (*f);
	return -1;
     }
   return 0;
}

static void msend_intrin (void)
{
   SLFile_FD_Type *f;
   SLang_BString_Type *b = NULL;
   char *s = NULL;
   unsigned char *p;
   SLstrlen_Type len;
   int fd, n = -1;

   if (SLang_peek_at_stack () == SLANG_STRING_TYPE)
     {
	if (-1 == SLang_pop_slstring (&s))
	  return;
	p = (unsigned char *) s;
	len = (SLstrlen_Type) strlen (s);
     }
   else
     {
	if (-1 == SLang_pop_bstring (&b))
	  return;
	p = SLbstring_get_pointer (b, &len);
     }
   if (0 == pop_fd (&f, &fd))
     {
	n = (int) send (fd, p, (size_t) len, 0);
	SLfile_free_fd (f);
     }
   if (s != NULL) SLang_free_slstring (s);
   if (b != NULL) SLbstring_free (b);
   (void) SLang_push_int (n);
}

static void mrecv_intrin (void)
{
   unsigned char buf[4096];
   SLFile_FD_Type *f;
   SLang_BString_Type *b;
   ssize_t r = 0;
   int fd, n;

   if (-1 == SLang_pop_int (&n))
     return;
   if (-1 == pop_fd (&f, &fd))
     return;
   if ((n < 0) || ((size_t) n > sizeof (buf)))
     n = (int) sizeof (buf);
   r = recv (fd, buf, (size_t) n, 0);
   SLfile_free_fd (f);
   if (r < 0) r = 0;
   if (NULL == (b = SLbstring_create (buf, (SLstrlen_Type) r)))
     return;
   (void) SLang_push_bstring (b);
   SLbstring_free (b);
}

static SLang_Intrin_Fun_Type Least_Intrinsics[] =
{
   MAKE_INTRINSIC_0 ("msend", msend_intrin, SLANG_VOID_TYPE),
   MAKE_INTRINSIC_0 ("mrecv", mrecv_intrin, SLANG_VOID_TYPE),
   SLANG_END_INTRIN_FUN_TABLE
};

int init_least_module_ns (char *ns_name)
{
   SLang_NameSpace_Type *ns = SLns_create_namespace (ns_name);
   if (ns == NULL)
     return -1;
   return SLns_add_intrin_fun_table (ns, Least_Intrinsics, NULL);
}

void deinit_least_module (void)
{
}
