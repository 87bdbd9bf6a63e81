/* tests/faults: an LD_PRELOAD library that makes one chosen I/O call of jianbao's fail, as
 * SQLite's tests fail its I/O: the Nth call of one kind, with one errno.
 *
 * Only calls inside the folders of JB_FAULT_DIRS count: a path under one of them (a relative one
 * taken from the working directory, an *at one from its folder's descriptor), or a descriptor
 * or FILE* opened on such a path. Writes to stderr, reads of the spec, data and fonts, and the
 * loader's own calls neither count nor fail, so a run's count is the same every time it makes the
 * same files (-j1).
 *
 *   JB_FAULT_DIRS    folders, separated by ':' (absolute paths)
 *   JB_FAULT_CALL    the kind to fail: open (open, openat, creat, the mkstemp family), fopen,
 *                    read, fread, write, pwrite, fwrite, fflush (with bytes to write),
 *                    fsync (fsync, fdatasync),
 *                    close, fclose, fchmod, rename (rename, renameat, renameat2), unlink
 *                    (unlink, unlinkat, remove), mkdir (mkdir, mkdirat), flock
 *   JB_FAULT_N       which call of that kind, from 1
 *   JB_FAULT_ERRNO   ENOSPC, EDQUOT, EIO, EACCES, EPERM, EMFILE, ENOLCK, EINTR, or "short": a
 *                    write (write, pwrite) that writes half of what it was given
 *   JB_FAULT_FROM_N  set: the Nth call and every later one of that kind fail (a disk that
 *                    stays full)
 *   JB_FAULT_UNLINK  an errno: every unlink in the targets fails with it as well (so that a
 *                    failed write's temporary file is left behind, as by a kill)
 *   JB_FAULT_REPORT  a file the counts are written to at exit: "KIND COUNT" lines, then
 *                    "injected KIND N ERRNO" when the fault was made
 *
 * A failed close or fclose releases the descriptor first, as Linux does; a failed fflush loses
 * the buffered bytes, as a full disk does; a failed fread or fwrite sets the stream's error
 * indicator; every other failed call does nothing. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum kind {
  K_OPEN,
  K_FOPEN,
  K_READ,
  K_FREAD,
  K_WRITE,
  K_PWRITE,
  K_FWRITE,
  K_FFLUSH,
  K_FSYNC,
  K_CLOSE,
  K_FCLOSE,
  K_FCHMOD,
  K_RENAME,
  K_UNLINK,
  K_MKDIR,
  K_FLOCK,
  K_COUNT
};
static const char* const kind_names[K_COUNT] = {
    "open",  "fopen", "read",   "fread",  "write",  "pwrite", "fwrite", "fflush",
    "fsync", "close", "fclose", "fchmod", "rename", "unlink", "mkdir",  "flock"};

static atomic_long counts[K_COUNT];
static atomic_int injected;
static int fail_kind = -1;
static long fail_n = 0;
static int fail_errno = 0;
static int fail_short = 0;
static const char* fail_errno_name = "";
static int fail_onwards = 0;
static int unlink_errno = 0;

#define MAX_DIRS 8
static char dirs[MAX_DIRS][PATH_MAX];
static int dir_count = 0;

#define MAX_FDS 65536
static atomic_uchar tracked[MAX_FDS]; /* 1: a descriptor opened inside a target folder */

/* The real functions, looked up once. */
static int (*real_open)(const char*, int, ...);
static int (*real_open64)(const char*, int, ...);
static int (*real_openat)(int, const char*, int, ...);
static int (*real_openat64)(int, const char*, int, ...);
static int (*real_creat)(const char*, mode_t);
static int (*real_creat64)(const char*, mode_t);
static int (*real_mkstemp)(char*);
static int (*real_mkstemps)(char*, int);
static int (*real_mkostemp)(char*, int);
static int (*real_mkostemps)(char*, int, int);
static FILE* (*real_fopen)(const char*, const char*);
static FILE* (*real_fopen64)(const char*, const char*);
static ssize_t (*real_read)(int, void*, size_t);
static size_t (*real_fread)(void*, size_t, size_t, FILE*);
static ssize_t (*real_write)(int, const void*, size_t);
static ssize_t (*real_pwrite)(int, const void*, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void*, size_t, off_t);
static size_t (*real_fwrite)(const void*, size_t, size_t, FILE*);
static int (*real_fflush)(FILE*);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);
static int (*real_fclose)(FILE*);
static int (*real_fchmod)(int, mode_t);
static int (*real_rename)(const char*, const char*);
static int (*real_renameat)(int, const char*, int, const char*);
static int (*real_renameat2)(int, const char*, int, const char*, unsigned);
static int (*real_unlink)(const char*);
static int (*real_unlinkat)(int, const char*, int);
static int (*real_remove)(const char*);
static int (*real_mkdir)(const char*, mode_t);
static int (*real_mkdirat)(int, const char*, mode_t);
static int (*real_flock)(int, int);

/* dlsym's void* into a function pointer, as POSIX allows and ISO C does not say. */
static void look_up(void* slot, const char* name) {
  void* p = dlsym(RTLD_NEXT, name);
  memcpy(slot, &p, sizeof p);
}
#define LOOK_UP(name) look_up((void*)&real_##name, #name)

static int errno_of(const char* name) {
  static const struct {
    const char* name;
    int value;
  } table[] = {{"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EIO", EIO},       {"EACCES", EACCES},
               {"EPERM", EPERM},   {"EMFILE", EMFILE}, {"ENOLCK", ENOLCK}, {"EINTR", EINTR},
               {"EROFS", EROFS},   {"ENFILE", ENFILE}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i)
    if (strcmp(table[i].name, name) == 0) return table[i].value;
  return 0;
}

static void write_report(void);

__attribute__((constructor)) static void set_up(void) {
  LOOK_UP(open), LOOK_UP(open64), LOOK_UP(openat), LOOK_UP(openat64), LOOK_UP(creat);
  LOOK_UP(creat64), LOOK_UP(mkstemp), LOOK_UP(mkstemps), LOOK_UP(mkostemp), LOOK_UP(mkostemps);
  LOOK_UP(fopen), LOOK_UP(fopen64), LOOK_UP(read), LOOK_UP(fread), LOOK_UP(write);
  LOOK_UP(pwrite), LOOK_UP(pwrite64), LOOK_UP(fwrite), LOOK_UP(fflush), LOOK_UP(fsync);
  LOOK_UP(fdatasync), LOOK_UP(close), LOOK_UP(fclose), LOOK_UP(fchmod), LOOK_UP(rename);
  LOOK_UP(renameat), LOOK_UP(renameat2), LOOK_UP(unlink), LOOK_UP(unlinkat), LOOK_UP(remove);
  LOOK_UP(mkdir), LOOK_UP(mkdirat), LOOK_UP(flock);

  const char* list = getenv("JB_FAULT_DIRS");
  while (list && *list && dir_count < MAX_DIRS) {
    const char* end = strchr(list, ':');
    size_t n = end ? (size_t)(end - list) : strlen(list);
    while (n > 1 && list[n - 1] == '/') --n;
    if (n > 0 && n < PATH_MAX) {
      memcpy(dirs[dir_count], list, n);
      dirs[dir_count++][n] = '\0';
    }
    list = end ? end + 1 : NULL;
  }
  const char* call = getenv("JB_FAULT_CALL");
  for (int k = 0; call && k < K_COUNT; ++k)
    if (strcmp(kind_names[k], call) == 0) fail_kind = k;
  const char* n = getenv("JB_FAULT_N");
  fail_n = n ? atol(n) : 0;
  const char* e = getenv("JB_FAULT_ERRNO");
  if (e) {
    fail_errno_name = e;
    fail_short = strcmp(e, "short") == 0;
    fail_errno = errno_of(e);
  }
  fail_onwards = getenv("JB_FAULT_FROM_N") != NULL;
  const char* u = getenv("JB_FAULT_UNLINK");
  unlink_errno = u ? errno_of(u) : 0;
  if (getenv("JB_FAULT_REPORT")) atexit(write_report);
}

/* At exit (exit() from main, not _exit): the counts, through the real calls. */
static void write_report(void) {
  const char* file = getenv("JB_FAULT_REPORT");
  const int fd = real_open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[128];
  for (int k = 0; k < K_COUNT; ++k) {
    const int len = snprintf(line, sizeof line, "%s %ld\n", kind_names[k], atomic_load(&counts[k]));
    if (real_write(fd, line, (size_t)len) != len) break;
  }
  if (atomic_load(&injected)) {
    const int len = snprintf(line, sizeof line, "injected %s %ld %s\n", kind_names[fail_kind],
                             fail_n, fail_errno_name);
    if (real_write(fd, line, (size_t)len) != len) { /* the test sees the line missing */
    }
  }
  real_close(fd);
}

static int inside_targets(const char* path) {
  for (int i = 0; i < dir_count; ++i) {
    const size_t n = strlen(dirs[i]);
    if (strncmp(path, dirs[i], n) == 0 && (path[n] == '\0' || path[n] == '/')) return 1;
  }
  return 0;
}

/* Whether `path` (relative to `dirfd`) lies inside a target folder. */
static int path_in_target(int dirfd, const char* path) {
  if (!path || dir_count == 0) return 0;
  if (path[0] == '/') return inside_targets(path);
  char base[PATH_MAX];
  if (dirfd == AT_FDCWD) {
    if (!getcwd(base, sizeof base)) return 0;
  } else {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
    const ssize_t n = readlink(link, base, sizeof base - 1);
    if (n < 0) return 0;
    base[n] = '\0';
  }
  char full[PATH_MAX * 2];
  snprintf(full, sizeof full, "%s/%s", base, path);
  return inside_targets(full);
}

/* A stream's error indicator, as a failed read or write sets it (glibc's _IO_ERR_SEEN). */
static void set_stream_error(FILE* f) {
#ifdef __GLIBC__
  f->_flags |= 0x20;
#else
  (void)f;
#endif
}

static int fd_in_target(int fd) { return fd >= 0 && fd < MAX_FDS && atomic_load(&tracked[fd]); }
static int file_in_target(FILE* f) { return f && fd_in_target(fileno(f)); }

static void track(int fd, int in_target) {
  if (fd >= 0 && fd < MAX_FDS) atomic_store(&tracked[fd], (unsigned char)(in_target ? 1 : 0));
}

/* Counts one call of `kind` inside the targets; 1 when it is the one to fail. */
static int should_fail(int kind) {
  const long n = atomic_fetch_add(&counts[kind], 1) + 1;
  if (kind == K_UNLINK && unlink_errno) return 1;
  if (kind != fail_kind || n < fail_n || (n > fail_n && !fail_onwards)) return 0;
  atomic_store(&injected, 1);
  return 1;
}

static int fail_with(void) {
  errno = fail_errno ? fail_errno : EIO;
  return -1;
}

static int fail_unlink(void) {
  errno = unlink_errno ? unlink_errno : fail_errno ? fail_errno : EIO;
  return -1;
}

/* --- opening ------------------------------------------------------------------------------ */

static int mode_wanted(int flags) { return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE; }

#define OPEN_BODY(call)                              \
  mode_t mode = 0;                                   \
  if (mode_wanted(flags)) {                          \
    va_list ap;                                      \
    va_start(ap, flags);                             \
    mode = va_arg(ap, mode_t);                       \
    va_end(ap);                                      \
  }                                                  \
  const int in = path_in_target(dirfd, path);        \
  if (in && should_fail(K_OPEN)) return fail_with(); \
  const int fd = call;                               \
  track(fd, in);                                     \
  return fd;

int open(const char* path, int flags, ...) {
  const int dirfd = AT_FDCWD;
  OPEN_BODY(real_open(path, flags, mode))
}
int open64(const char* path, int flags, ...) {
  const int dirfd = AT_FDCWD;
  OPEN_BODY(real_open64(path, flags, mode))
}
int openat(int dirfd, const char* path, int flags, ...) {
  OPEN_BODY(real_openat(dirfd, path, flags, mode))
}
int openat64(int dirfd, const char* path, int flags, ...) {
  OPEN_BODY(real_openat64(dirfd, path, flags, mode))
}

int creat(const char* path, mode_t mode) {
  const int in = path_in_target(AT_FDCWD, path);
  if (in && should_fail(K_OPEN)) return fail_with();
  const int fd = real_creat(path, mode);
  track(fd, in);
  return fd;
}
int creat64(const char* path, mode_t mode) {
  const int in = path_in_target(AT_FDCWD, path);
  if (in && should_fail(K_OPEN)) return fail_with();
  const int fd = real_creat64(path, mode);
  track(fd, in);
  return fd;
}

#define TEMP_BODY(call)                              \
  const int in = path_in_target(AT_FDCWD, tmpl);     \
  if (in && should_fail(K_OPEN)) return fail_with(); \
  const int fd = call;                               \
  track(fd, in);                                     \
  return fd;

int mkstemp(char* tmpl) { TEMP_BODY(real_mkstemp(tmpl)) }
int mkstemps(char* tmpl, int suffixlen) { TEMP_BODY(real_mkstemps(tmpl, suffixlen)) }
int mkostemp(char* tmpl, int flags) { TEMP_BODY(real_mkostemp(tmpl, flags)) }
int mkostemps(char* tmpl, int suffixlen, int flags) {
  TEMP_BODY(real_mkostemps(tmpl, suffixlen, flags))
}

static FILE* opened_file(FILE* (*real)(const char*, const char*), const char* path,
                         const char* mode) {
  const int in = path_in_target(AT_FDCWD, path);
  if (in && should_fail(K_FOPEN)) {
    errno = fail_errno ? fail_errno : EIO;
    return NULL;
  }
  FILE* f = real(path, mode);
  if (f) track(fileno(f), in);
  return f;
}

FILE* fopen(const char* path, const char* mode) { return opened_file(real_fopen, path, mode); }
FILE* fopen64(const char* path, const char* mode) { return opened_file(real_fopen64, path, mode); }

/* --- reading and writing ------------------------------------------------------------------ */

ssize_t read(int fd, void* buf, size_t n) {
  if (fd_in_target(fd) && should_fail(K_READ)) return fail_with();
  return real_read(fd, buf, n);
}

size_t fread(void* buf, size_t size, size_t n, FILE* f) {
  if (file_in_target(f) && should_fail(K_FREAD)) {
    errno = fail_errno ? fail_errno : EIO;
    set_stream_error(f); /* a read error, not the end of the file */
    return 0;
  }
  return real_fread(buf, size, n, f);
}

ssize_t write(int fd, const void* buf, size_t n) {
  if (fd_in_target(fd) && should_fail(K_WRITE)) {
    if (fail_short) return real_write(fd, buf, n > 1 ? n / 2 : n);
    return fail_with();
  }
  return real_write(fd, buf, n);
}

#define PWRITE_BODY(real)                                            \
  if (fd_in_target(fd) && should_fail(K_PWRITE)) {                   \
    if (fail_short) return real(fd, buf, n > 1 ? n / 2 : n, offset); \
    return fail_with();                                              \
  }                                                                  \
  return real(fd, buf, n, offset);

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset){PWRITE_BODY(real_pwrite)} ssize_t
    pwrite64(int fd, const void* buf, size_t n, off_t offset){PWRITE_BODY(real_pwrite64)}

size_t fwrite(const void* buf, size_t size, size_t n, FILE* f) {
  if (file_in_target(f) && should_fail(K_FWRITE)) {
    errno = fail_errno ? fail_errno : EIO;
    set_stream_error(f);
    return 0;
  }
  return real_fwrite(buf, size, n, f);
}

/* Only a flush with bytes to write counts: an empty buffer makes no write that could fail. A
 * failed one loses its bytes, as a full disk does. */
int fflush(FILE* f) {
  if (file_in_target(f) && __fpending(f) > 0 && should_fail(K_FFLUSH)) {
    __fpurge(f);
    set_stream_error(f);
    errno = fail_errno ? fail_errno : EIO;
    return EOF;
  }
  return real_fflush(f);
}

int fsync(int fd) {
  if (fd_in_target(fd) && should_fail(K_FSYNC)) return fail_with();
  return real_fsync(fd);
}
int fdatasync(int fd) {
  if (fd_in_target(fd) && should_fail(K_FSYNC)) return fail_with();
  return real_fdatasync(fd);
}

int fchmod(int fd, mode_t mode) {
  if (fd_in_target(fd) && should_fail(K_FCHMOD)) return fail_with();
  return real_fchmod(fd, mode);
}

int flock(int fd, int op) {
  if (fd_in_target(fd) && should_fail(K_FLOCK)) return fail_with();
  return real_flock(fd, op);
}

/* --- closing: the descriptor is released even when the call fails ------------------------- */

int close(int fd) {
  const int in = fd_in_target(fd);
  track(fd, 0);
  const int fail = in && should_fail(K_CLOSE);
  const int r = real_close(fd);
  return fail ? fail_with() : r;
}

int fclose(FILE* f) {
  const int in = file_in_target(f);
  if (f) track(fileno(f), 0);
  const int fail = in && should_fail(K_FCLOSE);
  const int r = real_fclose(f);
  if (fail) {
    errno = fail_errno ? fail_errno : EIO;
    return EOF;
  }
  return r;
}

/* --- names -------------------------------------------------------------------------------- */

int rename(const char* from, const char* to) {
  if ((path_in_target(AT_FDCWD, from) || path_in_target(AT_FDCWD, to)) && should_fail(K_RENAME))
    return fail_with();
  return real_rename(from, to);
}
int renameat(int fromfd, const char* from, int tofd, const char* to) {
  if ((path_in_target(fromfd, from) || path_in_target(tofd, to)) && should_fail(K_RENAME))
    return fail_with();
  return real_renameat(fromfd, from, tofd, to);
}
int renameat2(int fromfd, const char* from, int tofd, const char* to, unsigned flags) {
  if ((path_in_target(fromfd, from) || path_in_target(tofd, to)) && should_fail(K_RENAME))
    return fail_with();
  return real_renameat2(fromfd, from, tofd, to, flags);
}

int unlink(const char* path) {
  if (path_in_target(AT_FDCWD, path) && should_fail(K_UNLINK)) return fail_unlink();
  return real_unlink(path);
}
int unlinkat(int dirfd, const char* path, int flags) {
  if (path_in_target(dirfd, path) && should_fail(K_UNLINK)) return fail_unlink();
  return real_unlinkat(dirfd, path, flags);
}
int remove(const char* path) {
  if (path_in_target(AT_FDCWD, path) && should_fail(K_UNLINK)) return fail_unlink();
  return real_remove(path);
}

int mkdir(const char* path, mode_t mode) {
  if (path_in_target(AT_FDCWD, path) && should_fail(K_MKDIR)) return fail_with();
  return real_mkdir(path, mode);
}
int mkdirat(int dirfd, const char* path, mode_t mode) {
  if (path_in_target(dirfd, path) && should_fail(K_MKDIR)) return fail_with();
  return real_mkdirat(dirfd, path, mode);
}
