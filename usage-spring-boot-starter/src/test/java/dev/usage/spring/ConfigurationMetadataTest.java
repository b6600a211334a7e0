package dev.usage.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The properties' metadata that IDEs read, written at compile time from {@link UsageProperties}:
 * the names and defaults the README's table documents.
 */
class ConfigurationMetadataTest {

  @Test
  @DisplayName("the jar documents usage.jdbc.migrate, usage.jdbc.join-transactions and usage.throw-on-rejection with their defaults")
  void metadata_listsEveryPropertyWithItsDefault() throws IOException {
    List<Map<String, Object>> properties;
    try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(json).as("written by spring-boot-configuration-processor").isNotNull();
      properties = JsonPath.parse(json).read("$.properties");
    }

    assertThat(properties).extracting(p -> p.get("name") + "=" + p.get("defaultValue")).containsExactlyInAnyOrder(
        "usage.jdbc.migrate=true", "usage.jdbc.join-transactions=true", "usage.throw-on-rejection=false");
    assertThat(properties).allSatisfy(p -> assertThat((String) p.get("description")).isNotBlank());
  }
}
