/* cm_fileset_temp.c — the file set's temporary names, and removing the ones that dead
 * processes left behind; the standard descriptors made safe at start.
 *
 * A temporary name says whose it is: ".NAME~cm.PID.START.K######", where START is field
 * 22 of /proc/PID/stat (the process's start time in clock ticks after boot, see proc(5)).
 * A name is stale when no process PID runs, or when the one that runs started at another
 * time (the id was reused, or the folder is shared with another PID namespace's run and
 * START tells them apart as far as one machine's boot goes). Without /proc, START is 0 and
 * only the process id is compared. Only regular files of this user are removed: a shared
 * folder's other files are never touched.
 */
#include "cm_fileset_private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "~cm."

/* The start time of process PID, or 0 when it cannot be read. */
static unsigned long long
start_time(long pid)
{
    char path[64], buf[1024];
    g_snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    /* the command name (field 2) may hold spaces and parentheses: count after the last ')' */
    const char *s = strrchr(buf, ')');
    if (!s)
        return 0;
    s++;
    for (int field = 3; field < 22; field++) {
        s = strchr(s + 1, ' ');
        if (!s)
            return 0;
    }
    return strtoull(s + 1, NULL, 10);
}

char *
cm__fileset_temp_name(const char *dir, const char *base, char k)
{
    /* at most 64 bytes of the name, cut on a character boundary, so the temporary name
     * fits NAME_MAX whenever the target's does */
    size_t keep = strlen(base);
    if (keep > 64) {
        keep = 64;
        while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
            keep--;
    }
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char rnd[7];
    for (int i = 0; i < 6; i++)
        rnd[i] = alnum[g_random_int_range(0, (gint32)sizeof alnum - 1)];
    rnd[6] = '\0';
    long pid = (long)getpid();
    return g_strdup_printf("%s%s.%.*s" TAG "%ld.%llu.%c%s", dir, G_DIR_SEPARATOR_S, (int)keep, base,
                           pid, start_time(pid), k, rnd);
}

/* True when NAME is one of our temporary names; *PID and *START from it. */
static bool
parse_temp_name(const char *name, long *pid, unsigned long long *start)
{
    if (name[0] != '.')
        return false;
    const char *tag = g_strrstr(name, TAG);
    if (!tag)
        return false;
    const char *s = tag + strlen(TAG);
    char *end;
    errno = 0;
    long p = strtol(s, &end, 10);
    if (end == s || *end != '.' || errno || p <= 0)
        return false;
    s = end + 1;
    unsigned long long t = strtoull(s, &end, 10);
    if (end == s || *end != '.' || errno)
        return false;
    s = end + 1;
    if ((s[0] != 'n' && s[0] != 'o') || strlen(s + 1) != 6)
        return false;
    for (int i = 1; i <= 6; i++)
        if (!g_ascii_isalnum(s[i]))
            return false;
    *pid = p;
    *start = t;
    return true;
}

static bool
process_alive(long pid, unsigned long long start)
{
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return false;
    unsigned long long now = start_time(pid);
    /* unknown on either side: assume it is the same process */
    return now == 0 || start == 0 || now == start;
}

int
cm_fileset_sweep(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return 0;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return 0;
    }
    int removed = 0;
    for (struct dirent *de; (de = readdir(d));) {
        long pid;
        unsigned long long start;
        if (!parse_temp_name(de->d_name, &pid, &start) || process_alive(pid, start))
            continue;
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid())
            continue;
        if (unlinkat(dfd, de->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

bool
cm_std_fds_ensure(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        /* the lowest free descriptor is FD itself, since the ones below it are open */
        int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got < 0)
            return false;
        if (got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
    return true;
}
