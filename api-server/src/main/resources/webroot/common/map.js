// The base map every page draws: the loaded regions with their names (so the map is never grey, with
// no tile server or offline), and over them the tile layer the server is configured with
// (LINLI_TILE_URL). Tiles in GCJ-02 (e.g. AMap) are drawn with points converted to GCJ-02; points
// the map gives back (a tap) are converted to WGS84 again, so the API only ever sees WGS84.
"use strict";
const LinliMap = (function () {
  // GCJ-02 as published (Krasovsky 1940 ellipsoid); inside China only, as the server's own Crs.
  const A = 6378245.0, EE = 0.00669342162296594323;
  function outside(lat, lon) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }
  function tLat(x, y) {
    let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
    r += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
    return r;
  }
  function tLon(x, y) {
    let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
    r += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
    return r;
  }
  function wgsToGcj(lat, lon) {
    if (outside(lat, lon)) return [lat, lon];
    let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
    const rad = lat / 180 * Math.PI;
    let magic = Math.sin(rad); magic = 1 - EE * magic * magic;
    const sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * Math.PI);
    dLon = (dLon * 180) / (A / sq * Math.cos(rad) * Math.PI);
    return [lat + dLat, lon + dLon];
  }
  function gcjToWgs(lat, lon) { // fixed-point iteration: within a millimetre after a few steps
    let wLat = lat, wLon = lon;
    for (let i = 0; i < 8; i++) {
      const [gLat, gLon] = wgsToGcj(wLat, wLon);
      wLat += lat - gLat; wLon += lon - gLon;
    }
    return [wLat, wLon];
  }

  const self = {
    crs: "WGS84",
    /** A WGS84 point as the map draws it. */
    toMap(lat, lon) { return L.latLng(self.crs === "GCJ02" ? wgsToGcj(lat, lon) : [lat, lon]); },
    /** A point of the map (a tap) in WGS84. */
    fromMap(latlng) { return L.latLng(self.crs === "GCJ02" ? gcjToWgs(latlng.lat, latlng.lng) : [latlng.lat, latlng.lng]); },
    /** For L.geoJSON: WGS84 GeoJSON coordinates as the map draws them. */
    coordsToLatLng(c) { return self.toMap(c[1], c[0]); },
    wgsToGcj, gcjToWgs,

    /**
     * Draws the base of {@code map}: the regions of {@code level} (outlines, names at their centre)
     * and, when configured, the tile layer over them. Sets the map element's data-base to
     * "tiles+regions", "regions" or "none" (nothing loaded).
     */
    async base(map, level = "district") {
      const el = map.getContainer();
      let cfg = { tiles: null };
      try { cfg = await Api.get("/api/v1/map/config"); } catch (e) { console.error(e); }
      if (cfg.tiles) self.crs = cfg.tiles.crs;
      map.createPane("linli-base").style.zIndex = 150;
      let regions = { features: [] };
      try { regions = await Api.get("/api/v1/map/base?level=" + encodeURIComponent(level)); } catch (e) { console.error(e); }
      const names = L.layerGroup();
      L.geoJSON(regions, {
        pane: "linli-base", interactive: false, coordsToLatLng: self.coordsToLatLng,
        style: () => ({ color: "#6b7c85", weight: 1, fillColor: "#eef3f5", fillOpacity: 1, className: "base-region" })
      }).addTo(map);
      regions.features.forEach(f => {
        const at = f.properties.label;
        L.marker(self.toMap(at.lat, at.lon), {
          pane: "linli-base", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "base-label", html: "", iconSize: null })
        }).on("add", e => { e.target.getElement().textContent = f.properties.name; }).addTo(names);
      });
      names.addTo(map);
      if (cfg.tiles) {
        const tiles = L.tileLayer(cfg.tiles.url, {
          subdomains: "1234", maxZoom: 18, attribution: cfg.tiles.attribution, className: "tiles"
        });
        tiles.on("tileerror", () => { el.dataset.tiles = "failing"; });
        tiles.addTo(map);
      }
      el.dataset.base = cfg.tiles ? "tiles+regions" : regions.features.length ? "regions" : "none";
      el.dataset.regions = String(regions.features.length);
      return cfg;
    }
  };
  return self;
})();
