# Writes app.js: the vendored libraries (scripts that define globals: `AttestplanEditor`),
# then the UI's sources inside one strict-mode function so they share a scope and leak no globals.
# Usage: cmake -DOUTPUT=app.js -DVENDOR="editor.js" -DSOURCES="a.js;b.js" -P bundle.cmake
set(body "")
foreach(lib ${VENDOR})
  file(READ ${lib} text)
  string(APPEND body "${text}\n;")
endforeach()
string(APPEND body "(() => {\n'use strict';\n")
foreach(src ${SOURCES})
  file(READ ${src} text)
  get_filename_component(name ${src} NAME)
  string(APPEND body "// ── web/src/${name}\n${text}\n")
endforeach()
string(APPEND body "})();\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
