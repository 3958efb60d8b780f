# getopts parses options.
parse() {
    OPTIND=1
    while getopts "ab:c" opt; do
        case $opt in
        a) echo "flag a" ;;
        b) echo "b=$OPTARG" ;;
        c) echo "flag c" ;;
        *) echo "bad" ;;
        esac
    done
    shift $((OPTIND - 1))
    echo "rest: $*"
}
parse -a -b value -c file1 file2
