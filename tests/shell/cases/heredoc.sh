# Here-documents: expanded, quoted (literal) and tab-stripped.
name=world
cat <<END
hello $name
sum $((2 + 3))
END
cat <<'END'
literal $name $((1+1))
END
cat <<-END
	tabs stripped
	END
wc -l <<END
1
2
3
END
