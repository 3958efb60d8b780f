/*
 * Robust mutexes: a thread or process that dies (or execs) holding one leaves it marked
 * "owner died", so the next locker gets EOWNERDEAD instead of waiting for ever; the kernel walks
 * the dying thread's robust list (set_robust_list). Also get_robust_list's rules.
 */
#include "t.h"
#include "t_proc.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static pthread_mutex_t* new_robust(int shared)
{
    pthread_mutex_t* m = t_shared(sizeof(*m));
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (shared)
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
    return m;
}

static volatile int locked;

static void* lock_and_exit(void* arg)
{
    pthread_mutex_lock(arg);
    return NULL; /* the thread ends holding it */
}

static void* lock_wait_and_exit(void* arg)
{
    pthread_mutex_lock(arg);
    t_flag_set(&locked, 1);
    struct timespec t = { 0, 100 * 1000 * 1000 };
    nanosleep(&t, NULL); /* the main thread is asleep on the lock by now */
    return NULL;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        return 0;

    /* A thread dies holding it; nobody was waiting. */
    pthread_mutex_t* m = new_robust(0);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_exit, m);
    pthread_join(t, NULL);
    CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD, "thread_died_eownerdead");
    CHECK_EQ(pthread_mutex_consistent(m), 0, "consistent");
    CHECK_EQ(pthread_mutex_unlock(m), 0, "unlock_after_consistent");
    CHECK_EQ(pthread_mutex_lock(m), 0, "usable_again");
    CHECK_EQ(pthread_mutex_unlock(m), 0, "unlock");

    /* Not made consistent: the lock is lost for good. */
    pthread_create(&t, NULL, lock_and_exit, m);
    pthread_join(t, NULL);
    CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD, "second_death_eownerdead");
    CHECK_EQ(pthread_mutex_unlock(m), 0, "unlock_inconsistent");
    CHECK_EQ(pthread_mutex_lock(m), ENOTRECOVERABLE, "then_enotrecoverable");

    /* A waiter asleep on the lock is woken by the owner's death. */
    m = new_robust(0);
    locked = 0;
    pthread_create(&t, NULL, lock_wait_and_exit, m);
    t_flag_wait(&locked, 1);
    CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD, "sleeping_waiter_woken_eownerdead");
    pthread_mutex_consistent(m);
    pthread_mutex_unlock(m);
    pthread_join(t, NULL);

    /* Across processes: a child dies holding a shared robust lock. */
    m = new_robust(1);
    pid_t pid = t_fork();
    if (pid == 0) {
        pthread_mutex_lock(m);
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "child_exited");
    CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD, "process_died_eownerdead");
    pthread_mutex_consistent(m);
    pthread_mutex_unlock(m);

    /* An exec drops the old program's locks the same way. */
    pid = t_fork();
    if (pid == 0) {
        pthread_mutex_lock(m);
        execl("/proc/self/exe", "robust", "--exit", (char*)NULL);
        _exit(99);
    }
    CHECK_EXITED(t_wait(pid), 0, "child_execd");
    CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD, "exec_drops_locks_eownerdead");
    pthread_mutex_consistent(m);
    pthread_mutex_unlock(m);

    /* get_robust_list: our own head, registered by the C library once it has
     * locked a process-shared robust mutex (musl handles private ones itself in pthread_exit). */
    void* head = NULL;
    size_t len = 0;
    CHECK_EQ(syscall(SYS_get_robust_list, 0, &head, &len), 0, "get_own");
    CHECK_EQ(len, 24, "own_size");
    if (!CHECK(head != NULL, "own_head_registered"))
        t_print("#   head %p\n", head);
    CHECK_ERRNO(syscall(SYS_get_robust_list, 3999999, &head, &len), ESRCH, "get_missing_esrch");
    CHECK_ERRNO(syscall(SYS_get_robust_list, 0, t_ptr(8), &len), EFAULT, "get_bad_pointer_efault");
    CHECK_ERRNO(syscall(SYS_set_robust_list, head, 23), EINVAL, "set_wrong_size_einval");

    /* Another user's list is not ours to see. */
    pid = t_fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534))
            _exit(2);
        errno = 0;
        _exit(syscall(SYS_get_robust_list, 1, &head, &len) == -1 && errno == EPERM ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "other_users_list_eperm");
    return t_exit_status();
}
