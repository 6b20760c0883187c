package io.computemirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;

/**
 * Keeps the decision code readable: no method or constructor over {@value #MAX_METHOD_LINES} lines in the packages
 * that carry the operator's decisions, and no main source file over {@value #MAX_FILE_LINES} lines. Measured with a
 * real Java parser (the declaration's first to last line, Javadoc excluded), so a long lambda or a nested class counts
 * where it is written.
 */
class CodeShapeTest {

    static final int MAX_METHOD_LINES = 60;
    static final int MAX_FILE_LINES = 400;
    private static final Path MAIN = Path.of("src/main/java");
    private static final List<String> DECISION_PACKAGES = List.of(
            "io/computemirror/sync/",
            "io/computemirror/actuation/",
            "io/computemirror/schedule/",
            "io/computemirror/market/");

    @Test
    void noLongMethodsInTheDecisionPackages() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainFiles()) {
            String relative = MAIN.relativize(file).toString().replace('\\', '/');
            if (DECISION_PACKAGES.stream().noneMatch(relative::startsWith)) {
                continue;
            }
            CompilationUnit unit = StaticJavaParser.parse(file);
            for (CallableDeclaration<?> callable : unit.findAll(CallableDeclaration.class)) {
                int lines = lines(callable);
                if (lines > MAX_METHOD_LINES) {
                    offenders.add(relative + " " + callable.getNameAsString() + ": " + lines + " lines");
                }
            }
        }
        offenders.forEach(o -> System.out.println("CodeShape method over " + MAX_METHOD_LINES + ": " + o));
        assertThat(offenders).as("methods over %d lines", MAX_METHOD_LINES).isEmpty();
    }

    @Test
    void noLongMainFiles() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainFiles()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_FILE_LINES) {
                offenders.add(MAIN.relativize(file) + ": " + lines + " lines");
            }
        }
        offenders.forEach(o -> System.out.println("CodeShape file over " + MAX_FILE_LINES + ": " + o));
        assertThat(offenders).as("main files over %d lines", MAX_FILE_LINES).isEmpty();
    }

    /** The parser measures what the check is about: a parse failure must fail the test, not skip the file. */
    @Test
    void measuresADeclarationFromItsFirstToItsLastLine() {
        CompilationUnit unit =
                StaticJavaParser.parse("class A {\n /** doc */\n void m() {\n  int a;\n  int b;\n }\n}\n");
        assertThat(lines(unit.findFirst(CallableDeclaration.class).orElseThrow()))
                .isEqualTo(4);
    }

    private static int lines(CallableDeclaration<?> callable) {
        int begin = callable.getName().getBegin().orElseThrow().line;
        // Annotations are part of the declaration; the Javadoc is not.
        begin = callable.getAnnotations().stream()
                .map(a -> a.getBegin().orElseThrow().line)
                .reduce(begin, Math::min);
        begin = callable.getModifiers().stream()
                .map(m -> m.getBegin().orElseThrow().line)
                .reduce(begin, Math::min);
        return callable.getEnd().orElseThrow().line - begin + 1;
    }

    private static List<Path> mainFiles() throws IOException {
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
