# Writes app.js: the vendored graph library (a UMD script that defines `cytoscape`), then the UI's
# sources inside one strict-mode function so they share a scope and leak no globals.
# Usage: cmake -DOUTPUT=app.js -DVENDOR=lib.js -DSOURCES="a.js;b.js" -P bundle.cmake
file(READ ${VENDOR} vendor)
set(body "${vendor}\n;(() => {\n'use strict';\n")
foreach(src ${SOURCES})
  file(READ ${src} text)
  get_filename_component(name ${src} NAME)
  string(APPEND body "// ── web/src/${name}\n${text}\n")
endforeach()
string(APPEND body "})();\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
