package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControlProvider;

/**
 * Runs the {@code java} blocks of one Markdown document, in order, as one JShell session, and
 * checks what the document says they return and print.
 *
 * <p>The conventions a document follows:
 *
 * <ul>
 *   <li>{@code expr;  // → value}: the value JShell shows for the statement that ends on that line
 *       is {@code value}, compared as text. The value ends at the first {@code ": "} or {@code " ("},
 *       which start an explanation for the reader; a value starting with {@code "} is a Java string
 *       literal, compared with its quotes, and ends at its closing quote. A line holding only the
 *       comment claims the value of the statement that ends on the line above.
 *   <li>{@code // → throws Name: message}: the statement throws an exception whose class is
 *       {@code Name} (simple or qualified) with exactly that message.
 *   <li>A {@code text} block right after a {@code java} block (blank lines between at most) is
 *       exactly what the {@code java} block prints to {@code System.out}, trailing spaces aside. A
 *       block that prints without one fails, so that no printed result goes unchecked.
 * </ul>
 *
 * <p>A snippet fails the session when JShell rejects it, it has a compile error or a reference
 * nothing resolves, or it throws where no {@code throws} claim expects it; so does a claim that
 * does not hold or follows no statement. The first failure ends the session, since the snippets
 * after it usually build on what failed. Other fenced blocks ({@code bash}, {@code xml}, {@code
 * sql}, none) are not run.
 *
 * <p>Snippets run in this JVM ({@link LocalExecutionControlProvider}) against its class path, so
 * they see what the test sees, and {@code System.out} is swapped while each block runs: sessions
 * must not run concurrently with each other or with tests that print.
 *
 * <p>This class is not thread-safe.
 */
final class ReadmeSession {

  private static final Pattern FENCE = Pattern.compile("^( *)(`{3,})\\s*([^`\\s]*).*$");
  private static final String CLAIM = "// →";
  private static final String THROWS = "throws ";

  private final String name;
  private final Map<String, Set<String>> pendingUnresolved;
  private final Set<String> pendingSeen = new TreeSet<>();

  /**
   * Creates a session for one document.
   *
   * @param name the document's name in failure messages, e.g. {@code README.md}
   * @param pendingUnresolved declarations that may, for now, stay unresolved: for the name of a
   *     declared class or method, exactly which references JShell reports it cannot resolve (such
   *     as {@code class MyUsageStore}); anything else unresolved fails, and so does an entry that
   *     no longer matches, so that it is removed once the document is fixed
   */
  ReadmeSession(String name, Map<String, Set<String>> pendingUnresolved) {
    this.name = requireNonNull(name, "name");
    this.pendingUnresolved = Map.copyOf(pendingUnresolved);
  }

  /** What a session ran and checked. */
  record Result(int javaBlocks, int snippets, int valueClaims, int outputBlocks, Set<String> pending) {}

  /** A fenced block: its info string, the document line of its first content line, and its lines. */
  record Block(String info, int firstLine, List<String> lines) {

    String text() {
      return String.join("\n", lines);
    }
  }

  /**
   * Runs every {@code java} block of {@code markdown} and checks its claims.
   *
   * @param markdown the document's text
   * @return what was run and checked
   * @throws AssertionError at the first failure, naming the document, the line and the snippet
   */
  Result run(String markdown) {
    List<Block> blocks = blocks(markdown);
    pendingSeen.clear();
    int javaBlocks = 0;
    int snippets = 0;
    int claims = 0;
    int outputs = 0;
    try (JShell shell = JShell.builder()
        .executionEngine(new LocalExecutionControlProvider(), Map.of())
        .build()) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          shell.addToClasspath(entry);
        }
      }
      for (int i = 0; i < blocks.size(); i++) {
        Block block = blocks.get(i);
        if (block.info().equals("text")) {
          Block before = i == 0 ? null : blocks.get(i - 1);
          if (before == null || !before.info().equals("java") || !onlyBlankBetween(markdown, before, block)) {
            throw fail(block.firstLine(), "a text block must come right after the java block whose output it is");
          }
          continue;
        }
        if (!block.info().equals("java")) {
          continue;
        }
        javaBlocks++;
        Block output = i + 1 < blocks.size() && blocks.get(i + 1).info().equals("text")
            && onlyBlankBetween(markdown, block, blocks.get(i + 1)) ? blocks.get(i + 1) : null;
        BlockRun run = new BlockRun(shell, block);
        String printed = run.execute();
        snippets += run.snippets;
        claims += run.claimsChecked;
        if (output != null) {
          outputs++;
          if (!normalize(printed).equals(normalize(output.text()))) {
            throw fail(output.firstLine(), "the java block at line " + block.firstLine() + " printed\n"
                + printed + "\nbut the text block after it says\n" + output.text());
          }
        } else if (!printed.isEmpty()) {
          throw fail(block.firstLine(), "the block prints, but no text block after it says what:\n" + printed);
        }
      }
    }
    Set<String> stale = new TreeSet<>(pendingUnresolved.keySet());
    stale.removeAll(pendingSeen);
    if (!stale.isEmpty()) {
      throw new AssertionError(name + ": " + stale + " no longer declared with the pending unresolved references "
          + "listed for it: remove the entry");
    }
    return new Result(javaBlocks, snippets, claims, outputs, Set.copyOf(pendingSeen));
  }

  /** Returns the fenced blocks of {@code markdown}, in order, their lines without the fence's indent. */
  static List<Block> blocks(String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      String fence = open.group(2);
      List<String> content = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.size(); j++) {
        String line = lines.get(j);
        if (line.strip().startsWith(fence) && line.strip().replace("`", "").isEmpty()) {
          break;
        }
        int strip = 0;
        while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
          strip++;
        }
        content.add(line.substring(strip));
      }
      blocks.add(new Block(open.group(3).toLowerCase(Locale.ROOT), i + 2, content));
      i = j;
    }
    return blocks;
  }

  private static boolean onlyBlankBetween(String markdown, Block first, Block second) {
    List<String> lines = markdown.lines().toList();
    // first's closing fence is the document line firstLine + size; second's opening fence the line before its first
    for (int line = first.firstLine() + first.lines().size() + 1; line < second.firstLine() - 1; line++) {
      if (!lines.get(line - 1).isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static String normalize(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }

  private AssertionError fail(int line, String message) {
    return new AssertionError(name + ":" + line + ": " + message);
  }

  /** One java block: its snippets, evaluated in order, and the claims on its lines. */
  private final class BlockRun {
    private final JShell shell;
    private final Block block;
    private final String text;
    /** The claims by the block's line index (0-based) of the statement whose value they state. */
    private final Map<Integer, Claim> claims = new TreeMap<>();
    private int snippets;
    private int claimsChecked;

    BlockRun(JShell shell, Block block) {
      this.shell = shell;
      this.block = block;
      this.text = block.text();
      findClaims();
    }

    /** Runs the block's snippets and returns what they printed. */
    String execute() {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream original = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int offset = 0;
        String remaining = text;
        while (true) {
          SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
          if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
            break;
          }
          if (!info.completeness().isComplete()) {
            throw fail(lineOf(offset + leadingSpace(remaining)), "incomplete statement:\n" + remaining.strip());
          }
          String source = info.source();
          int start = offset + leadingSpace(source);
          int end = lastCodeLine(offset, source);
          evaluate(source, lineOf(start), end);
          snippets++;
          offset += source.length();
          remaining = info.remaining();
          if (remaining.isBlank()) {
            break;
          }
        }
      } finally {
        System.out.flush();
        System.setOut(original);
      }
      if (!claims.isEmpty()) {
        Map.Entry<Integer, Claim> orphan = claims.entrySet().iterator().next();
        throw fail(block.firstLine() + orphan.getValue().line(), "the claim '" + orphan.getValue().text()
            + "' does not follow the end of a statement");
      }
      return printed.toString(StandardCharsets.UTF_8);
    }

    private void evaluate(String source, int line, int endLine) {
      String shown = source.strip();
      List<SnippetEvent> events = shell.eval(source);
      SnippetEvent main = null;
      for (SnippetEvent e : events) {
        if (e.causeSnippet() == null) {
          main = e;
          check(e, line, shown);
        } else if (e.snippet() instanceof VarSnippet variable && e.previousStatus() == Snippet.Status.VALID) {
          if (e.status() == Snippet.Status.OVERWRITTEN) {
            throw fail(line, "declares " + variable.name() + " again, which one program cannot: use another name\n"
                + shown);
          }
          // JShell recompiles a variable whose names this snippet may change, and resets it to null:
          // the examples after it would fail far from the cause
          throw fail(line, "this snippet made JShell reset variable " + variable.name() + " to null (an import "
              + "after the first block, or a declaration it depends on, changed):\n" + shown);
        }
      }
      if (main == null) {
        throw fail(line, "JShell evaluated nothing for\n" + shown);
      }
      Claim claim = claims.remove(endLine);
      EvalException thrown = main.exception() instanceof EvalException ee ? ee : null;
      if (main.exception() != null && thrown == null) {
        throw fail(line, "JShell failed to run\n" + shown + "\n" + main.exception());
      }
      if (claim == null) {
        if (thrown != null) {
          throw fail(line, "threw " + thrown.getExceptionClassName() + ": " + thrown.getMessage() + "\n" + shown);
        }
        return;
      }
      claimsChecked++;
      int claimLine = block.firstLine() + claim.line();
      if (claim.exceptionClass() != null) {
        if (thrown == null) {
          throw fail(claimLine, "expected " + claim.text() + " but got " + main.value() + "\n" + shown);
        }
        String actualClass = thrown.getExceptionClassName();
        String claimed = claim.exceptionClass();
        boolean classMatches = actualClass.equals(claimed)
            || actualClass.endsWith("." + claimed) || actualClass.endsWith("$" + claimed);
        if (!classMatches || (claim.value() != null && !claim.value().equals(thrown.getMessage()))) {
          throw fail(claimLine, "expected " + claim.text() + " but it threw " + actualClass + ": "
              + thrown.getMessage() + "\n" + shown);
        }
        return;
      }
      if (thrown != null) {
        throw fail(line, "threw " + thrown.getExceptionClassName() + ": " + thrown.getMessage() + "\n" + shown);
      }
      if (!claim.value().equals(main.value())) {
        throw fail(claimLine, "the README says → " + claim.value() + "\nbut JShell shows " + main.value()
            + "\nfor\n" + shown);
      }
    }

    private void check(SnippetEvent e, int line, String shown) {
      Snippet snippet = e.snippet();
      List<String> errors = shell.diagnostics(snippet).filter(Diag::isError)
          .map(d -> d.getMessage(Locale.ROOT)).toList();
      switch (e.status()) {
        case VALID -> {
          if (!errors.isEmpty()) {
            throw fail(line, "compile errors " + errors + " in\n" + shown);
          }
        }
        case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> {
          DeclarationSnippet declaration = (DeclarationSnippet) snippet;
          Set<String> unresolved = shell.unresolvedDependencies(declaration)
              .collect(Collectors.toCollection(TreeSet::new));
          Set<String> allowed = pendingUnresolved.get(declaration.name());
          if (e.status() == Snippet.Status.RECOVERABLE_DEFINED && unresolved.equals(allowed) && errors.isEmpty()) {
            pendingSeen.add(declaration.name());
            return;
          }
          throw fail(line, e.status() + ": " + declaration.name() + " refers to " + unresolved
              + ", which nothing declares" + (errors.isEmpty() ? "" : "; errors " + errors) + "\n" + shown);
        }
        default -> throw fail(line, e.status() + " " + errors + "\n" + shown);
      }
    }

    private void findClaims() {
      List<String> lines = block.lines();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int at = line.indexOf(CLAIM);
        if (at < 0) {
          continue;
        }
        int statementLine = i;
        if (line.substring(0, at).isBlank()) {
          // a claim on a line of its own states the value of the statement ending on the line above
          statementLine = i - 1;
          while (statementLine >= 0 && isCommentOrBlank(lines.get(statementLine))) {
            statementLine--;
          }
        }
        Claim claim = Claim.parse(i, line.substring(at + CLAIM.length()).strip());
        if (statementLine < 0 || claims.putIfAbsent(statementLine, claim) != null) {
          throw fail(block.firstLine() + i, "the claim '" + claim.text() + "' follows no statement of its own");
        }
      }
    }

    /** Returns the block line index of the last line of {@code source} that holds code. */
    private int lastCodeLine(int offset, String source) {
      int line = lineIndex(offset + source.stripTrailing().length() - 1);
      while (line > lineIndex(offset) && isCommentOrBlank(block.lines().get(line))) {
        line--;
      }
      return line;
    }

    private int lineIndex(int offset) {
      int line = 0;
      for (int i = 0; i < offset && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }

    private int lineOf(int offset) {
      return block.firstLine() + lineIndex(offset);
    }
  }

  private static boolean isCommentOrBlank(String line) {
    String s = line.strip();
    return s.isEmpty() || s.startsWith("//");
  }

  private static int leadingSpace(String source) {
    int i = 0;
    while (i < source.length()) {
      if (Character.isWhitespace(source.charAt(i))) {
        i++;
      } else if (source.startsWith("//", i)) {
        int eol = source.indexOf('\n', i);
        i = eol < 0 ? source.length() : eol + 1;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * What a {@code // →} comment says: a value, or an exception's class and message.
   *
   * @param line the block line index of the comment
   * @param text the comment after the arrow, for messages
   * @param value the value as JShell shows it, or the exception's message (null: not checked)
   * @param exceptionClass the exception's class name, or null when a value is claimed
   */
  record Claim(int line, String text, String value, String exceptionClass) {

    static Claim parse(int line, String text) {
      if (text.startsWith(THROWS)) {
        String rest = text.substring(THROWS.length()).strip();
        int colon = rest.indexOf(": ");
        return colon < 0
            ? new Claim(line, text, null, rest)
            : new Claim(line, text, rest.substring(colon + 2), rest.substring(0, colon));
      }
      if (text.startsWith("\"")) {
        int i = 1;
        while (i < text.length() && text.charAt(i) != '"') {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return new Claim(line, text, text.substring(0, Math.min(i + 1, text.length())), null);
      }
      int end = text.length();
      for (String stop : List.of(": ", " (")) {
        int at = text.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      return new Claim(line, text, text.substring(0, end).strip(), null);
    }
  }
}
