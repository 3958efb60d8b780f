/* The first link's placeholder for the embedded symbol table (see kernel/CMakeLists.txt). */
    .section .ksyms, "a"
