// Prints src/main/java/io/computemirror/api/v1alpha1/TimeZoneNames.java from this JDK's tz database:
//   java hack/TimeZoneNames.java > src/main/java/io/computemirror/api/v1alpha1/TimeZoneNames.java
import java.time.ZoneId; import java.util.*; import java.util.stream.*;
public class TimeZoneNames { public static void main(String[] a){
  TreeSet<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds()); ids.removeIf(s -> s.startsWith("SystemV/")); ids.add("UTC");
  StringBuilder sb = new StringBuilder();
  sb.append("package io.computemirror.api.v1alpha1;\n\n");
  sb.append("/**\n * The IANA time zone names a MachineSchedule accepts (the JDK's tz database, without the legacy SystemV ids), as a CEL\n");
  sb.append(" * list for admission. Generated from {@code java.time.ZoneId.getAvailableZoneIds()} of Java " + System.getProperty("java.version") + ";\n");
  sb.append(" * {@code TimeZoneNamesTest} fails when the JDK's list differs; regenerate with {@code java hack/TimeZoneNames.java}.\n */\n");
  sb.append("public final class TimeZoneNames {\n\n    /** {@code ['Africa/Abidjan', ...]} */\n    public static final String CEL_LIST = \"[\"\n");
  List<String> line = new ArrayList<>(); int len = 0; List<String> out = new ArrayList<>();
  for (String id : ids) { String q = "'" + id + "',"; if (len + q.length() > 100) { out.add(String.join("", line)); line.clear(); len = 0; } line.add(q); len += q.length(); }
  out.add(String.join("", line));
  String last = out.remove(out.size()-1); last = last.substring(0, last.length()-1);
  for (String l : out) sb.append("            + \"" + l + "\"\n");
  sb.append("            + \"" + last + "]\";\n\n    private TimeZoneNames() {\n    }\n}\n");
  System.out.print(sb);
}}
