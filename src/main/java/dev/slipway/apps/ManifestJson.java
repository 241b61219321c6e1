package dev.slipway.apps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an app's manifest strictly: valid JSON with no repeated keys, only the fields this format has, each of its
 * type; the first thing wrong is an {@link Invalid} whose message says where and what, in words an app's author can
 * act on.
 */
public final class ManifestJson {
  /** Most characters of a manifest Slipway reads: a description of a few ports and variables is far smaller. */
  public static final int MAX_CHARS = 64 * 1024;
  static final int MAX_ITEMS = 100;
  static final int MAX_DESCRIPTION = 500;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** A manifest that cannot be used; the message names the place (source, field) and the fix. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private ManifestJson() {
  }

  public static AppManifest parse(String text, String source) throws Invalid {
    if (text.length() > MAX_CHARS) {
      throw new Invalid(source + " is larger than " + MAX_CHARS / 1024 + " KiB");
    }
    syntax(text, source);
    Object root = io.vertx.core.json.Json.decodeValue(text);
    if (!(root instanceof JsonObject object)) {
      throw new Invalid(source + " must be a JSON object such as {\"ports\": [], \"env\": [], \"secrets\": []}");
    }
    fields(object, Set.of("ports", "env", "secrets"), source, "");
    List<AppManifest.Port> ports = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (Item item : items(object, "ports", source)) {
      fields(item.json, Set.of("containerPort", "protocol", "description"), source, item.path);
      Object port = item.json.getValue("containerPort");
      if (!(port instanceof Number n) || !whole(n) || n.longValue() < 1 || n.longValue() > 65535) {
        throw new Invalid(source + ": " + item.path + ".containerPort must be a whole number from 1 to 65535");
      }
      String protocol = text(item, "protocol", source, false);
      protocol = protocol == null ? "tcp" : protocol;
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        throw new Invalid(source + ": " + item.path + ".protocol must be \"tcp\" or \"udp\"");
      }
      AppManifest.Port declared = new AppManifest.Port(n.intValue(), protocol, description(item, source));
      if (!portKeys.add(declared.key())) {
        throw new Invalid(source + ": " + item.path + " declares " + declared.key() + " a second time");
      }
      ports.add(declared);
    }
    List<AppManifest.EnvVar> env = new ArrayList<>();
    for (Item item : items(object, "env", source)) {
      fields(item.json, Set.of("name", "default", "description"), source, item.path);
      env.add(new AppManifest.EnvVar(name(item, names, source), text(item, "default", source, false),
          description(item, source)));
    }
    List<AppManifest.Secret> secrets = new ArrayList<>();
    for (Item item : items(object, "secrets", source)) {
      fields(item.json, Set.of("name", "required", "description"), source, item.path);
      Object required = item.json.getValue("required");
      if (required != null && !(required instanceof Boolean)) {
        throw new Invalid(source + ": " + item.path + ".required must be true or false");
      }
      secrets.add(new AppManifest.Secret(name(item, names, source), Boolean.TRUE.equals(required),
          description(item, source)));
    }
    return new AppManifest(List.copyOf(ports), List.copyOf(env), List.copyOf(secrets), source);
  }

  /** Jackson's strict reader, for the line and column of a syntax error and for keys given twice. */
  private static void syntax(String text, String source) throws Invalid {
    try (JsonParser parser = STRICT.createParser(text)) {
      while (parser.nextToken() != null) {
        parser.skipChildren();
      }
    } catch (JsonProcessingException e) {
      throw new Invalid(source + ", line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
          + ": not valid JSON (" + e.getOriginalMessage().split("\n", 2)[0] + ")");
    } catch (IOException e) {
      throw new Invalid(source + ": " + e.getMessage());
    }
  }

  private record Item(JsonObject json, String path) {
  }

  private static List<Item> items(JsonObject object, String field, String source) throws Invalid {
    Object raw = object.getValue(field);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new Invalid(source + ": " + field + " must be a list ([…])");
    }
    if (array.size() > MAX_ITEMS) {
      throw new Invalid(source + ": " + field + " has more than " + MAX_ITEMS + " entries");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new Invalid(source + ": " + field + "[" + i + "] must be an object ({…})");
      }
      items.add(new Item(entry, field + "[" + i + "]"));
    }
    return items;
  }

  private static void fields(JsonObject object, Set<String> known, String source, String path) throws Invalid {
    for (Map.Entry<String, Object> entry : object) {
      if (!known.contains(entry.getKey())) {
        throw new Invalid(source + ": unknown field '" + (path.isEmpty() ? "" : path + ".") + entry.getKey()
            + "' (" + (path.isEmpty() ? "the file" : "here") + " may have " + String.join(", ", known.stream().sorted()
            .toList()) + ")");
      }
    }
  }

  private static String name(Item item, Set<String> names, String source) throws Invalid {
    String name = text(item, "name", source, true);
    if (!NAME.matcher(name).matches()) {
      throw new Invalid(source + ": " + item.path + ".name must be an environment variable's name (letters, digits "
          + "and _, not starting with a digit)");
    }
    if (!names.add(name)) {
      throw new Invalid(source + ": " + item.path + " names " + name + " a second time (in env or secrets)");
    }
    return name;
  }

  private static String description(Item item, String source) throws Invalid {
    String description = text(item, "description", source, false);
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new Invalid(source + ": " + item.path + ".description is longer than " + MAX_DESCRIPTION + " characters");
    }
    return description == null || description.isBlank() ? null : description.strip();
  }

  private static String text(Item item, String field, String source, boolean required) throws Invalid {
    Object value = item.json.getValue(field);
    if (value == null && !required || value instanceof String) {
      if (value instanceof String s && s.indexOf('\0') >= 0) {
        throw new Invalid(source + ": " + item.path + "." + field + " contains a NUL character");
      }
      return (String) value;
    }
    throw new Invalid(source + ": " + item.path + "." + field + (value == null ? " is missing" : " must be a string"));
  }

  private static boolean whole(Number n) {
    return n instanceof Integer || n instanceof Long;
  }
}
