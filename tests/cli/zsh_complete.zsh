# Completes one command line in an interactive zsh on a pseudo-terminal (zsh/zpty), with the
# completion functions of FPATH_DIR, and prints what the terminal showed.
# Usage: zsh -f zsh_complete.zsh FPATH_DIR 'WORDS TO COMPLETE'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u; setopt nobeep"
zpty -n -w z "attestplan $2"$'\t'
zpty -w z $'\n'"print DONE-MARK"
local all="" out
integer i
for (( i = 0; i < 100; i++ )); do
  if zpty -r -t z out; then
    all+=$out
    [[ $all == *DONE-MARK*DONE-MARK* ]] && break
  else
    sleep 0.1
  fi
done
print -r -- "$all"
zpty -d z
