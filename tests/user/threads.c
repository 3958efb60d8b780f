/*
 * Threads (CLONE_THREAD through the C library's pthreads): one process, many tasks.
 *
 * Every thread sees the process's pid and a tid of its own (the main thread's tid is the pid);
 * __thread variables are per thread (CLONE_SETTLS); pthread_join returns each thread's value
 * (it waits on the tid word the kernel clears and futex-wakes at thread exit,
 * CLONE_CHILD_CLEARTID); a mutex and a condition variable work between threads (futexes); memory
 * and descriptors are shared. exit() in any thread ends every thread with that status
 * (exit_group); the main thread may end first (pthread_exit) and the process lives on until its
 * last thread. fork() in a threaded process copies only the caller, who is the child's main
 * thread. execve() from a thread other than the main one ends the others, and the new program
 * runs under the process's pid. A stop signal stops every thread of the group, and SIGCONT
 * resumes them all.
 *
 *   threads                     the tests
 *   threads exec-check PID      (run by the exec test) check that getpid() == gettid() == PID
 *   threads main-exits-first    (run by a test) the main thread leaves before its other thread
 */
#include "t_proc.h"
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static pid_t gettid_raw(void) { return (pid_t)syscall(SYS_gettid); }

static __thread int tls_value = 7;

struct worker {
    int index;
    pid_t pid;
    pid_t tid;
    int tls_before;
    int tls_after;
};

static void* worker_main(void* arg)
{
    struct worker* w = arg;
    w->pid = getpid();
    w->tid = gettid_raw();
    w->tls_before = tls_value;
    tls_value = 100 + w->index;
    sched_yield();
    w->tls_after = tls_value;
    return (void*)(long)(w->index * 10);
}

static void test_create_join(void)
{
    enum { N = 8 };
    pthread_t threads[N];
    struct worker workers[N];
    int created = 1, joined = 1, values = 1, pids = 1, tids = 1, tls = 1;
    tls_value = 1;
    for (int i = 0; i < N; i++) {
        workers[i] = (struct worker) { .index = i };
        created &= pthread_create(&threads[i], NULL, worker_main, &workers[i]) == 0;
    }
    for (int i = 0; i < N; i++) {
        void* ret = NULL;
        joined &= pthread_join(threads[i], &ret) == 0;
        values &= (long)ret == i * 10;
        pids &= workers[i].pid == getpid();
        tids &= workers[i].tid != getpid() && workers[i].tid > 0;
        for (int j = 0; j < i; j++)
            tids &= workers[i].tid != workers[j].tid;
        tls &= workers[i].tls_before == 7 && workers[i].tls_after == 100 + i;
    }
    CHECK(created, "pthread_create starts 8 threads");
    CHECK(joined && values, "pthread_join returns each thread's value");
    CHECK(pids, "every thread sees the process's pid");
    CHECK(tids, "every thread has a tid of its own, not the pid");
    CHECK(gettid_raw() == getpid(), "the main thread's tid is the pid");
    CHECK(tls && tls_value == 1, "__thread variables are per thread");
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;

static void* count_main(void* arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        if (i % 1000 == 0)
            sched_yield();
    }
    return NULL;
}

static void* pingpong_main(void* arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock);
        while (turn != 1)
            pthread_cond_wait(&cond, &lock);
        turn = 0;
        pthread_cond_signal(&cond);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void test_mutex_cond(void)
{
    pthread_t a, b;
    counter = 0;
    pthread_create(&a, NULL, count_main, NULL);
    pthread_create(&b, NULL, count_main, NULL);
    count_main(NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECK_EQ(counter, 60000, "a mutex serialises three threads");

    pthread_t p;
    turn = 0;
    pthread_create(&p, NULL, pingpong_main, NULL);
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&lock);
        turn = 1;
        pthread_cond_signal(&cond);
        while (turn != 0)
            pthread_cond_wait(&cond, &lock);
        pthread_mutex_unlock(&lock);
    }
    CHECK(pthread_join(p, NULL) == 0, "a condition variable passes the turn 100 times each way");
}

static int pipe_fds[2];

static void* write_pipe_main(void* arg)
{
    (void)arg;
    int fd = dup(pipe_fds[1]); /* a descriptor made by this thread is the process's */
    return (void*)(long)fd;
}

static void test_shared_files(void)
{
    pthread_t t;
    void* ret;
    pipe(pipe_fds);
    pthread_create(&t, NULL, write_pipe_main, NULL);
    pthread_join(t, &ret);
    int fd = (int)(long)ret;
    CHECK(fd >= 0 && write(fd, "x", 1) == 1, "a descriptor opened by a thread works in another");
    char c = 0;
    CHECK(read(pipe_fds[0], &c, 1) == 1 && c == 'x', "and reaches the shared pipe");
    close(fd);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

/* setpgid() of a thread's tid that is not the leader's: EINVAL, not ESRCH. */
static void* setpgid_tid_main(void* arg)
{
    (void)arg;
    errno = 0;
    long r = setpgid(gettid_raw(), 0);
    return (void*)(long)(r == -1 ? errno : 0);
}

static void test_setpgid_of_thread(void)
{
    pthread_t t;
    void* ret;
    pthread_create(&t, NULL, setpgid_tid_main, NULL);
    pthread_join(t, &ret);
    CHECK((long)ret == EINVAL, "setpgid of a non-leader thread's tid is EINVAL");
}

static void* block_forever(void* arg)
{
    int fd = (int)(long)arg;
    char c;
    read(fd, &c, 1); /* never returns: nobody writes */
    return NULL;
}

static void* exit_group_main(void* arg)
{
    (void)arg;
    exit(3);
}

/* In a child process: a thread asleep for good, a second thread running second(arg), and the
 * main thread asleep too; the child's wait status. */
static int threaded_child_status(void* (*second)(void*), void* arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        int p[2];
        pipe(p);
        pthread_t a, b;
        pthread_create(&a, NULL, block_forever, (void*)(long)p[0]);
        pthread_create(&b, NULL, second, arg);
        block_forever((void*)(long)p[0]);
        _exit(99);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    return status;
}

/* exit() in a thread ends the whole process, even with other threads asleep. */
static void test_exit_group(void)
{
    int status = threaded_child_status(exit_group_main, NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "exit() in a thread ends every thread, status 3");
}

static void* last_thread_main(void* arg)
{
    (void)arg;
    usleep(10000);
    return NULL; /* pthread_exit of the last thread: the process ends with status 0 */
}

/* The main thread may end first; the process lives on until its last thread. */
static void test_main_exits_first(void)
{
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        /* In a fresh program: musl's fork() child does not register the main thread's exit
         * futex (set_tid_address), so its other threads would wait for it forever. */
        close(p[0]);
        execl("/proc/self/exe", "threads", "main-exits-first", (char*)NULL);
        _exit(126);
    }
    close(p[1]);
    char c;
    /* The write end closes only when the last thread has gone (the file table goes with it). */
    CHECK(read(p[0], &c, 1) == 0, "the pipe closes when the last thread ends");
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a process whose main thread left first exits 0");
    close(p[0]);
}

static void* fork_in_thread_main(void* arg)
{
    (void)arg;
    pid_t pid = fork();
    if (pid == 0) {
        /* Only the forking thread exists in the child, and it is the child's main thread. */
        int ok = getpid() == gettid_raw();
        pthread_t t;
        ok &= pthread_create(&t, NULL, worker_main, &(struct worker) { .index = 1 }) == 0;
        ok &= pthread_join(t, NULL) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    return (void*)(long)status;
}

static void test_fork_in_thread(void)
{
    pthread_t t, sleeper;
    int p[2];
    pipe(p);
    pthread_create(&sleeper, NULL, block_forever, (void*)(long)p[0]);
    void* ret;
    pthread_create(&t, NULL, fork_in_thread_main, NULL);
    pthread_join(t, &ret);
    int status = (int)(long)ret;
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "fork in a thread: the child has one thread, the caller, as its main thread");
    /* Let the sleeper go: closing the write end makes its read return 0. */
    close(p[1]);
    pthread_join(sleeper, NULL);
    close(p[0]);
}

static void* exec_main(void* arg)
{
    (void)arg;
    char pid_text[16];
    snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
    char* argv[] = { "threads", "exec-check", pid_text, NULL };
    execv("/proc/self/exe", argv);
    _exit(126);
}

/* execve() in a thread that is not the main one: the others end, the program runs as the pid. */
static void test_exec_in_thread(void)
{
    int status = threaded_child_status(exec_main, NULL);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42,
        "exec in a thread ends the others; the new program runs under the pid");
}

static volatile unsigned long* spin_counter;

static void* spin_main(void* arg)
{
    (void)arg;
    for (;;)
        (*spin_counter)++;
    return NULL;
}

/* SIGSTOP stops the whole thread group: a spinning thread makes no progress while its process is
 * stopped (the signal went to the process; the main thread sleeps in read), and SIGCONT resumes it. */
static void test_group_stop(void)
{
    spin_counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *spin_counter = 0;
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        pthread_t t;
        pthread_create(&t, NULL, spin_main, NULL);
        block_forever((void*)(long)p[0]);
        _exit(0);
    }
    close(p[0]);
    while (*spin_counter == 0)
        sched_yield();
    kill(pid, SIGSTOP);
    int status = 0;
    waitpid(pid, &status, WUNTRACED);
    CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP, "SIGSTOP to a threaded process is reported");
    unsigned long before = *spin_counter;
    usleep(50000);
    int still = *spin_counter == before;
    usleep(50000);
    still &= *spin_counter == before;
    CHECK(still, "every thread of a stopped process stays stopped");
    kill(pid, SIGCONT);
    int moved = 0;
    for (int i = 0; i < 500 && !moved; i++) {
        usleep(10000);
        moved = *spin_counter != before;
    }
    CHECK(moved, "SIGCONT resumes the other threads");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL ends every thread");
    close(p[1]);
}

int main(int argc, char** argv)
{
    if (argc == 2 && strcmp(argv[1], "main-exits-first") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, last_thread_main, NULL);
        pthread_exit(NULL);
    }
    if (argc == 3 && strcmp(argv[1], "exec-check") == 0)
        return getpid() == atoi(argv[2]) && gettid_raw() == getpid() ? 42 : 1;
    test_create_join();
    test_mutex_cond();
    test_shared_files();
    test_setpgid_of_thread();
    test_exit_group();
    test_main_exits_first();
    test_fork_in_thread();
    test_exec_in_thread();
    test_group_stop();
    return t_exit_status();
}
