/*
 * prctl: PR_SET_NAME/PR_GET_NAME (15 bytes kept, the rest cut), PR_SET_CHILD_SUBREAPER (an orphan
 * goes to the nearest subreaper above it instead of to init, and the subreaper reaps it), and
 * EINVAL for an unknown option.
 */
#include "t_proc.h"

#include <sys/prctl.h>

int main(void)
{
    char name[16] = { 0 };
    CHECK_EQ(prctl(PR_SET_NAME, "a-name-longer-than-fifteen", 0, 0, 0), 0, "set_name");
    CHECK_EQ(prctl(PR_GET_NAME, name, 0, 0, 0), 0, "get_name");
    CHECK(strcmp(name, "a-name-longer-t") == 0, "name_cut_to_15_bytes");
    CHECK_ERRNO(prctl(PR_SET_NAME, (char*)8, 0, 0, 0), EFAULT, "set_name_bad_pointer_EFAULT");
    CHECK_ERRNO(prctl(12345, 0, 0, 0, 0), EINVAL, "unknown_option_EINVAL");

    int reaper = -1;
    CHECK_EQ(prctl(PR_GET_CHILD_SUBREAPER, &reaper, 0, 0, 0), 0, "get_subreaper");
    CHECK_EQ(reaper, 0, "not_a_subreaper_at_first");
    CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0, "become_subreaper");
    CHECK_EQ(prctl(PR_GET_CHILD_SUBREAPER, &reaper, 0, 0, 0), 0, "get_subreaper_again");
    CHECK_EQ(reaper, 1, "now_a_subreaper");

    /* child forks grandchild and exits; grandchild waits until then, checks its new parent. */
    volatile int* shared = t_shared(4096);
    pid_t me = getpid();
    shared[1] = me;
    pid_t child = t_fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild < 0)
            _exit(2);
        if (grandchild == 0) {
            t_flag_wait(&shared[0], 1); /* the middle process is dead and reaped */
            _exit(getppid() == shared[1] ? 0 : 3);
        }
        shared[2] = grandchild;
        _exit(0);
    }
    int status;
    CHECK_EQ(waitpid(child, &status, 0), child, "reap_the_middle_process");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "middle_process_exited_0");
    t_flag_set(&shared[0], 1);
    pid_t got = waitpid(-1, &status, 0);
    CHECK(got > 0 && got == shared[2], "subreaper_reaps_the_orphan");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "orphan_saw_the_subreaper_as_parent");
    CHECK_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD, "no_children_left");
    return t_failures ? 1 : 0;
}
