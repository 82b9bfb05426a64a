package org.linli.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.error.InvalidInputException;
import org.linli.geo.region.RegionFeatures;

/**
 * The features of a GeoJSON FeatureCollection read from a file one feature at a time with the
 * strict, depth-limited parser of {@link Json}, so that only the features themselves are held,
 * never the document's text. Stateless.
 */
public final class GeoJsonFeatures {
  /**
   * Reads one feature out of the array in the stream: what follows it is the next feature, not
   * trailing junk.
   */
  private static final com.fasterxml.jackson.databind.ObjectReader FEATURE =
      Json.MAPPER
          .reader()
          .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private GeoJsonFeatures() {}

  /**
   * The features of the FeatureCollection in {@code file}, each with its position, its scalar
   * properties and its geometry's GeoJSON text.
   *
   * @throws InvalidInputException when the file is empty, not JSON, or not a FeatureCollection with
   *     a features array
   */
  public static List<RegionFeatures.Feature> read(Path file) {
    try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notACollection();
      }
      String type = null;
      List<RegionFeatures.Feature> out = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("type")) {
          type = value == JsonToken.VALUE_STRING ? p.getText() : "";
        } else if (field.equals("features") && value == JsonToken.START_ARRAY) {
          out = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode feature = FEATURE.readTree(p);
            out.add(feature(out.size(), feature));
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidInputException("", "unexpected content after the FeatureCollection");
      }
      if (!"FeatureCollection".equals(type) || out == null) {
        throw notACollection();
      }
      return out;
    } catch (JsonProcessingException e) {
      throw Json.malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the received upload", e);
    }
  }

  private static RegionFeatures.Feature feature(int index, JsonNode f) {
    Map<String, Object> properties = new LinkedHashMap<>();
    String geometry = null;
    if (f.isObject()) {
      JsonNode props = f.get("properties");
      if (props != null && props.isObject()) {
        props.fields().forEachRemaining(e -> properties.put(e.getKey(), scalar(e.getValue())));
      }
      JsonNode g = f.get("geometry");
      if (g != null && g.isObject()) {
        geometry = Json.write(g);
      }
    }
    return new RegionFeatures.Feature(index, properties, geometry);
  }

  /**
   * A property's value as json-simple gave it: text, a number, a boolean, null, or else its JSON
   * text.
   */
  private static Object scalar(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.isNull() ? null : Json.write(v);
  }

  private static InvalidInputException notACollection() {
    return new InvalidInputException(
        "",
        "the body must be a GeoJSON FeatureCollection: {\"type\": "
            + "\"FeatureCollection\", \"features\": [...]}");
  }
}
