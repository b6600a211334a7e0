package dev.usage.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's set-up, {@code usage-bom} imported and the starter named without a version, needs
 * the BOM to manage the starter and what it brings, at this build's version.
 */
class BomTest {

  /** Surefire runs in the module's directory; the BOM is its sibling. */
  static final Path BOM = Path.of("..", "usage-bom", "pom.xml");

  @Test
  @DisplayName("usage-bom manages the starter, usage-jdbc and usage-core at the project's version")
  void bom_managesTheStarterAndWhatItBrings() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(BOM.toFile());
    NodeList managed = ((Element) pom.getElementsByTagName("dependencyManagement").item(0))
        .getElementsByTagName("dependency");
    List<String> jars = new ArrayList<>();
    for (int i = 0; i < managed.getLength(); i++) {
      Element d = (Element) managed.item(i);
      if (d.getElementsByTagName("type").getLength() == 0) {
        jars.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + text(d, "version"));
      }
    }

    assertThat(jars).contains("dev.usage:usage-spring-boot-starter:${project.version}",
        "dev.usage:usage-jdbc:${project.version}", "dev.usage:usage-core:${project.version}");
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().trim();
  }
}
