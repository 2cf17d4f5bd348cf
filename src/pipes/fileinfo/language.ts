/**
 * Programming languages as ScanCode names them: the Pygments lexers kept by typecode (prog_lexers.py),
 * matched on the file name. Where several lexers claim a pattern, the entry listed here is the one
 * Pygments ends up choosing without content (higher priority, then the later class name).
 */
const BY_EXTENSION: Record<string, string> = {};
const BY_NAME: Record<string, string> = {};

const LANGUAGES: Array<[string, string[]]> = [
  ['ABAP', ['.abap', '.ABAP']],
  ['ActionScript', ['.as']],
  ['HTML + Angular2', ['.ng2']],
  ['AppleScript', ['.applescript']],
  ['AspectJ', ['.aj']],
  ['Bash', ['.sh', '.ksh', '.bash', '.ebuild', '.eclass', '.exheres-0', '.exlib', '.zsh', '.bashrc', 'bashrc', 'zshrc', '.zshrc', 'PKGBUILD']],
  ['Batchfile', ['.bat', '.cmd']],
  ['C', ['.c', '.h', '.idc']],
  ['CMake', ['.cmake', 'CMakeLists.txt']],
  ['aspx-vb', ['.aspx', '.asax', '.ascx', '.ashx', '.asmx', '.axd']],
  ['C#', ['.cs']],
  ['Clojure', ['.clj']],
  ['ClojureScript', ['.cljs']],
  ['COBOLFree', ['.cbl', '.CBL']],
  ['COBOL', ['.cob', '.COB', '.cpy', '.CPY']],
  ['CoffeeScript', ['.coffee']],
  ['Common Lisp', ['.cl', '.lisp']],
  ['C++', ['.cpp', '.hpp', '.c++', '.h++', '.cc', '.hh', '.cxx', '.hxx', '.C', '.H', '.cp', '.CPP']],
  ['CSS', ['.css']],
  ['Cython', ['.pyx', '.pxd', '.pxi']],
  ['Dart', ['.dart']],
  ['DASM16', ['.dasm16', '.dasm']],
  ['Delphi', ['.pas', '.dpr']],
  ['Elixir', ['.ex', '.eex', '.exs']],
  ['Elm', ['.elm']],
  ['Erlang', ['.erl', '.hrl', '.es', '.escript']],
  ['F#', ['.fsi']],
  ['Forth', ['.frt', '.fs']],
  ['FortranFixed', ['.f', '.F']],
  ['Fortran', ['.f03', '.f90', '.F03', '.F90']],
  ['GAS', ['.s', '.S']],
  ['Go', ['.go']],
  ['Groovy', ['.groovy', '.gradle']],
  ['Haskell', ['.hs']],
  ['Haxe', ['.hx', '.hxsl']],
  ['HTML', ['.html', '.htm', '.xhtml', '.xslt']],
  ['Java', ['.java']],
  ['JavaScript', ['.js', '.jsm', '.mjs']],
  ['Kotlin', ['.kt']],
  ['LessCss', ['.less']],
  ['Lua', ['.lua', '.wlua']],
  ['NASM', ['.asm', '.ASM']],
  ['TASM', ['.tasm']],
  ['Objective-C', ['.m']],
  ['Objective-C++', ['.mm']],
  ['OCaml', ['.ml', '.mli', '.mll', '.mly']],
  ['Perl6', ['.nqp', '.p6', '.6pl', '.p6l', '.pl6', '.6pm', '.p6m', '.pm6', '.raku', '.rakumod', '.rakutest', '.rakudoc']],
  ['Perl', ['.pl', '.pm', '.t', '.perl']],
  ['PHP', ['.php', '.php3', '.php4', '.php5', '.inc']],
  ['PowerShell', ['.ps1', '.psm1']],
  ['Python', ['.py', '.pyw', '.jy', '.sage', '.sc', 'SConstruct', 'SConscript', '.bzl', 'BUCK', 'BUILD', 'BUILD.bazel', 'WORKSPACE', '.tac']],
  ['Ruby', ['.rb', '.rbw', 'Rakefile', '.rake', '.gemspec', '.rbx', '.duby', 'Gemfile']],
  ['Rust', ['.rs', '.rs.in']],
  ['Sass', ['.sass']],
  ['Scala', ['.scala']],
  ['SCSS', ['.scss']],
  ['Swift', ['.swift']],
  ['Tcl', ['.tcl', '.rvt']],
  ['Tcsh', ['.tcsh', '.csh']],
  ['Thrift', ['.thrift']],
  ['TypeScript', ['.ts', '.tsx']],
  ['VBScript', ['.vbs', '.VBS']],
  ['VB.net', ['.vb', '.bas']],
  ['verilog', ['.v']],
  ['vhdl', ['.vhdl', '.vhd']],
];

for (const [language, patterns] of LANGUAGES) {
  for (const pattern of patterns) {
    if (pattern.startsWith('.') && pattern !== '.bashrc' && pattern !== '.zshrc') {
      BY_EXTENSION[pattern] = language;
    } else {
      BY_NAME[pattern] = language;
    }
  }
}

/** Interpreters named on a "#!" line, as the lexers' shebang checks recognise them. */
const SHEBANGS: Array<[RegExp, string]> = [
  [/^(ba|z|k|)sh$/, 'Bash'],
  [/^pythonw?(3(\.\d+)?)?$/, 'Python'],
  [/^perl6?$/, 'Perl'],
  [/^ruby$/, 'Ruby'],
  [/^(tcl|wish|tclsh|jimsh)$/, 'Tcl'],
  [/^lua$/, 'Lua'],
  [/^t?csh$/, 'Tcsh'],
  [/^groovy$/, 'Groovy'],
  [/^escript$/, 'Erlang'],
  [/^(elixir|iex)$/, 'Elixir'],
];

/** Returns the Pygments language for a file name, or undefined when no kept lexer claims it. */
export function languageForName(name: string): string | undefined {
  const exact = BY_NAME[name];
  if (exact !== undefined) {
    return exact;
  }
  if (name.startsWith('.bash_') || name.startsWith('bash_')) {
    return 'Bash';
  }
  for (const candidate of [name, name.toLowerCase()]) {
    const dot = candidate.lastIndexOf('.');
    if (dot > 0 || (dot === 0 && BY_EXTENSION[candidate] !== undefined)) {
      if (candidate.endsWith('.rs.in')) {
        return 'Rust';
      }
      const language = BY_EXTENSION[candidate.slice(dot)];
      if (language !== undefined) {
        return language;
      }
    }
  }
  return undefined;
}

/**
 * Returns the language guessed from content, which ScanCode only tries for names without an extension:
 * the interpreter of a "#!" line, or the few text clues Pygments' analysers score.
 */
export function languageFromContent(text: string): string | undefined {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang) {
    const program = shebang[1]?.split('/').pop() ?? '';
    const interpreter = program === 'env' ? (shebang[2] ?? '') : program;
    for (const [pattern, language] of SHEBANGS) {
      if (pattern.test(interpreter)) {
        return language;
      }
    }
  }
  // Pygments' Python analyser answers 1.0 for any "import " near the top: a quirk ScanCode inherits.
  if (text.slice(0, 1000).includes('import ')) {
    return 'Python';
  }
  if (text.includes('<?php')) {
    return 'PHP';
  }
  if (/using namespace /.test(text)) {
    return 'C++';
  }
  if (/#include <[a-z_]+>/.test(text)) {
    return 'C++';
  }
  if (/^\s*#include [<"]/m.test(text) || /^\s*#ifn?def /m.test(text)) {
    return 'C';
  }
  return undefined;
}
