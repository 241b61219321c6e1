package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.NodeRole;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker/slipway/compose.yaml}: two Slipway nodes and PostgreSQL. Its postgres image cannot be pulled here and
 * this machine has no compose plugin, so it is read as YAML (merge keys resolved, as compose does) and its nodes'
 * environment goes through Slipway's own {@link Config}, with the variables compose would interpolate.
 */
class ComposeFileTest {
  private static final Path FILE = Path.of("docker/slipway/compose.yaml");
  /** What the README tells a user to export before {@code docker compose up}. */
  private static final Map<String, String> EXPORTED = Map.of("DOCKER_GID", "999", "POSTGRES_PASSWORD", "pgPassword1",
      "SLIPWAY_CLUSTER_SECRET", "cluster-secret-of-the-test", "SLIPWAY_ADMIN_PASSWORD", "admin-password-1");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(?::([?-])([^}]*))?}");

  private final Map<String, Object> compose = load();
  private final Map<String, Object> services = map(compose.get("services"));
  private final List<String> nodes = services.keySet().stream().filter(name -> map(services.get(name)).containsKey("build"))
      .sorted().toList();

  @Test
  void twoNodesBuildSlipwaysImageBesidePostgres() {
    assertThat(nodes).hasSize(2);
    assertThat(services).containsOnlyKeys(nodes.get(0), nodes.get(1), "postgres");
    for (String node : nodes) {
      Map<String, Object> build = map(map(services.get(node)).get("build"));
      Path context = FILE.getParent().resolve(String.valueOf(build.get("context"))).normalize();
      assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).as(node).isEqualTo(Path.of("docker/slipway/Dockerfile"));
    }
  }

  @Test
  void eachNodeHasTheSocketItsGroupAndADataVolumeOfItsOwn() {
    Set<String> dataVolumes = new HashSet<>();
    Set<String> hostPorts = new HashSet<>();
    for (String node : nodes) {
      Map<String, Object> service = map(services.get(node));
      assertThat((List<?>) service.get("group_add")).as(node).singleElement().asString()
          .startsWith("${DOCKER_GID:?");
      List<String> volumes = ((List<?>) service.get("volumes")).stream().map(String::valueOf).toList();
      assertThat(volumes).as(node).contains("/var/run/docker.sock:/var/run/docker.sock")
          .anySatisfy(volume -> assertThat(volume).endsWith(":/var/lib/slipway"));
      volumes.stream().filter(v -> v.endsWith(":/var/lib/slipway"))
          .forEach(v -> dataVolumes.add(v.substring(0, v.indexOf(':'))));
      ((List<?>) service.get("ports")).forEach(port -> {
        assertThat(String.valueOf(port)).endsWith(":8080");
        hostPorts.add(String.valueOf(port).split(":")[0]);
      });
      assertThat(map(map(service.get("depends_on")).get("postgres"))).containsEntry("condition", "service_healthy");
    }
    assertThat(dataVolumes).as("one data volume per node").hasSize(2);
    assertThat(map(compose.get("volumes"))).containsKeys(dataVolumes.toArray(String[]::new));
    assertThat(hostPorts).as("one host port per node").hasSize(2);
    assertThat(map(services.get("postgres"))).containsKey("healthcheck");
  }

  @Test
  void theNodesFormOneClusterOnThePostgresService() {
    Map<String, Object> postgres = map(map(services.get("postgres")).get("environment"));
    Set<String> members = nodes.stream().map(node -> node + ":" + config(node).getInteger(Config.CLUSTER_PORT))
        .collect(Collectors.toSet());
    for (String node : nodes) {
      JsonObject config = config(node);
      assertThat(config.getString(Config.NODE_NAME)).isEqualTo(node);
      assertThat(Config.clustered(config)).as(node + " is clustered").isTrue();
      assertThat(Config.usesPostgres(config)).as(node + " uses PostgreSQL").isTrue();
      assertThat(config.getString(Config.CLUSTER_HOST)).as("the name compose's network resolves").isEqualTo(node);
      assertThat(Set.of(config.getString(Config.CLUSTER_MEMBERS).split(","))).isEqualTo(members);
      assertThat(NodeRole.parseAll(config.getString(Config.ROLES))).contains(NodeRole.WEB, NodeRole.WORKER);
      assertThat(config.getString(Config.CLUSTER_SECRET)).isEqualTo(EXPORTED.get("SLIPWAY_CLUSTER_SECRET"));
      assertThat(config.getString(Config.ADMIN_PASSWORD)).isEqualTo(EXPORTED.get("SLIPWAY_ADMIN_PASSWORD"));

      URI database = URI.create(config.getString(Config.DATABASE_URL));
      assertThat(database.getHost()).isEqualTo("postgres");
      assertThat(database.getPort()).isEqualTo(5432);
      assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
      assertThat(database.getUserInfo()).isEqualTo(postgres.get("POSTGRES_USER") + ":"
          + interpolate(String.valueOf(postgres.get("POSTGRES_PASSWORD"))));
    }
  }

  @Test
  void secretsComeFromTheEnvironmentAndEveryVariableIsSlipways() {
    for (String node : nodes) {
      Map<String, Object> environment = map(map(services.get(node)).get("environment"));
      for (String secret : List.of("SLIPWAY_CLUSTER_SECRET", "SLIPWAY_ADMIN_PASSWORD")) {
        assertThat(String.valueOf(environment.get(secret))).as("compose refuses to start without " + secret)
            .startsWith("${" + secret + ":?");
      }
      assertThat(String.valueOf(environment.get("SLIPWAY_DATABASE_URL"))).contains("${POSTGRES_PASSWORD:?");
      environment.keySet().forEach(name -> assertThat(isSlipwaySetting(name)).as(node + ": " + name).isTrue());
    }
  }

  /** The node's settings as Slipway resolves them from the environment compose gives it. */
  private JsonObject config(String node) {
    Map<String, String> env = new HashMap<>();
    map(map(services.get(node)).get("environment")).forEach((name, value) -> env.put(name, interpolate(String.valueOf(value))));
    return Config.resolve(env, new JsonObject());
  }

  /** Whether Slipway reads this variable: setting it alone changes its settings, or is refused as a bad value. */
  private static boolean isSlipwaySetting(String name) {
    try {
      return !Config.resolve(Map.of(name, "1"), new JsonObject()).equals(Config.resolve(Map.of(), new JsonObject()));
    } catch (IllegalArgumentException badValue) {
      return true;
    }
  }

  /** Compose's {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${NAME:?error}}, with {@link #EXPORTED}. */
  private static String interpolate(String value) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String set = EXPORTED.get(matcher.group(1));
      if (set == null && "?".equals(matcher.group(2))) {
        throw new AssertionError("compose would refuse: " + matcher.group(3));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(set != null ? set
          : matcher.group(3) == null ? "" : matcher.group(3)));
    }
    return matcher.appendTail(out).toString();
  }

  private static Map<String, Object> load() {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(FILE));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + FILE, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
