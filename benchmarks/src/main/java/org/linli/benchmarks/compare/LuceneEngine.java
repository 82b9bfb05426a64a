package org.linli.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LatLonShape;
import org.apache.lucene.document.ShapeField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.geo.Polygon;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionMatchQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.linli.core.geo.GreatCircle;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;

/**
 * Plain Lucene as a search engineer would use it (what an Elasticsearch {@code geo_distance} filter
 * plus distance sort runs underneath): {@code LatLonPoint} distance filter, term filters on skills,
 * status, languages and kind, a point range on spare capacity, the provider's polygon as a {@code
 * LatLonShape} (point-intersects query) and its circle checked by a {@link FunctionMatchQuery} over
 * doc values (the part a script query would do in Elasticsearch), sorted by {@code
 * LatLonDocValuesField.newDistanceSort} then id, with exact hit counting. An MMap directory
 * force-merged after the bulk load; a refresher thread reopens the searcher every 100 ms.
 */
final class LuceneEngine implements Engine {
  private final Path dir;
  private FSDirectory directory;
  private IndexWriter writer;
  private SearcherManager searchers;
  private ScheduledExecutorService refresher;

  LuceneEngine(Path workDir) {
    this.dir = workDir.resolve("lucene-" + System.nanoTime());
  }

  @Override
  public String name() {
    return "lucene";
  }

  @Override
  public String semantics() {
    return "every rule, as filters (the own circle through a function query over doc values); exact total";
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public int concurrency() {
    return 2;
  }

  @Override
  public void load(Providers providers, Path file) throws Exception {
    directory = FSDirectory.open(dir);
    writer =
        new IndexWriter(
            directory,
            new IndexWriterConfig()
                .setRAMBufferSizeMB(512)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
    providers.forEachPart(
        10_000,
        part -> {
          List<Document> batch = new ArrayList<>(part.size());
          for (Provider p : part) {
            batch.add(document(p));
          }
          writer.addDocuments(batch);
        });
    writer.forceMerge(1);
    writer.commit();
    searchers = new SearcherManager(writer, null);
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lucene-refresh");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        () -> {
          try {
            searchers.maybeRefresh();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
  }

  private static Document document(Provider p) {
    Document d = new Document();
    d.add(new StringField("id", p.id(), Field.Store.YES));
    d.add(new SortedDocValuesField("id", new BytesRef(p.id())));
    double lat = p.location().lat();
    double lon = p.location().lon();
    d.add(new LatLonPoint("loc", lat, lon));
    d.add(new LatLonDocValuesField("loc", lat, lon));
    for (Skill s : p.skills()) {
      d.add(new StringField("skill", s.code(), Field.Store.NO));
    }
    for (String l : p.languages()) {
      d.add(new StringField("lang", l, Field.Store.NO));
    }
    d.add(new StringField("kind", p.kind().name(), Field.Store.NO));
    d.add(new StringField("status", p.status().name(), Field.Store.NO));
    d.add(new IntPoint("spare", p.capacity() - p.activeCases()));
    if (p.serviceArea() == null) {
      d.add(new StringField("area", "circle", Field.Store.NO));
      d.add(new DoubleDocValuesField("radius", p.serviceRadiusMeters()));
    } else {
      for (Polygon polygon : polygons(p.serviceArea().coordinates())) {
        for (Field f : LatLonShape.createIndexableFields("shape", polygon)) {
          d.add(f);
        }
      }
    }
    return d;
  }

  private static List<Polygon> polygons(List<List<List<double[]>>> parts) {
    List<Polygon> out = new ArrayList<>();
    for (List<List<double[]>> part : parts) {
      Polygon[] holes = new Polygon[part.size() - 1];
      for (int h = 1; h < part.size(); h++) {
        holes[h - 1] = ring(part.get(h));
      }
      Polygon shell = ring(part.get(0));
      out.add(new Polygon(shell.getPolyLats(), shell.getPolyLons(), holes));
    }
    return out;
  }

  private static Polygon ring(List<double[]> positions) {
    double[] lats = new double[positions.size()];
    double[] lons = new double[positions.size()];
    for (int i = 0; i < lats.length; i++) {
      lons[i] = positions.get(i)[0];
      lats[i] = positions.get(i)[1];
    }
    return new Polygon(lats, lons);
  }

  static Query query(MatchRequest r) {
    double lat = r.location().lat();
    double lon = r.location().lon();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Skill s : r.skills()) {
      b.add(new TermQuery(new Term("skill", s.code())), Occur.FILTER);
    }
    b.add(new TermQuery(new Term("status", ProviderStatus.ACTIVE.name())), Occur.FILTER);
    b.add(IntPoint.newRangeQuery("spare", 1, Integer.MAX_VALUE), Occur.FILTER);
    b.add(LatLonPoint.newDistanceQuery("loc", lat, lon, r.radiusMeters()), Occur.FILTER);
    if (!r.languages().isEmpty()) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      r.languages().forEach(l -> any.add(new TermQuery(new Term("lang", l)), Occur.SHOULD));
      b.add(any.build(), Occur.FILTER);
    }
    if (!r.kinds().equals(EnumSet.allOf(ProviderKind.class))) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      r.kinds().forEach(k -> any.add(new TermQuery(new Term("kind", k.name())), Occur.SHOULD));
      b.add(any.build(), Occur.FILTER);
    }
    Query circle =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term("area", "circle")), Occur.FILTER)
            .add(new FunctionMatchQuery(new Reach(lat, lon), v -> v >= 0, 20), Occur.FILTER)
            .build();
    Query polygon =
        LatLonShape.newPointQuery(
            "shape", ShapeField.QueryRelation.INTERSECTS, new double[] {lat, lon});
    b.add(
        new BooleanQuery.Builder()
            .add(circle, Occur.SHOULD)
            .add(polygon, Occur.SHOULD)
            .setMinimumNumberShouldMatch(1)
            .build(),
        Occur.FILTER);
    return b.build();
  }

  @Override
  public void write(Provider p) throws IOException {
    writer.updateDocument(new Term("id", p.id()), document(p));
  }

  @Override
  public Answer query(Workload.Query q) throws IOException {
    MatchRequest r = q.request();
    Sort sort =
        new Sort(
            LatLonDocValuesField.newDistanceSort("loc", r.location().lat(), r.location().lon()),
            new SortField("id", SortField.Type.STRING));
    IndexSearcher searcher = searchers.acquire();
    try {
      TopFieldDocs top =
          searcher.search(
              query(r),
              new TopFieldCollectorManager(sort, r.limit(), null, Integer.MAX_VALUE, false));
      List<String> ids = new ArrayList<>(top.scoreDocs.length);
      double[] d = new double[top.scoreDocs.length];
      var stored = searcher.storedFields();
      for (int i = 0; i < d.length; i++) {
        FieldDoc f = (FieldDoc) top.scoreDocs[i];
        ids.add(stored.document(f.doc).get("id"));
        d[i] = (Double) f.fields[0];
      }
      return new Answer(ids, d, (int) Math.min(top.totalHits.value, MatchResult.TOTAL_CAP));
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public long bytesUsed() throws IOException {
    long bytes = 0;
    for (String f : directory.listAll()) {
      bytes += directory.fileLength(f);
    }
    return bytes;
  }

  @Override
  public void close() throws IOException {
    if (refresher != null) {
      refresher.shutdownNow();
    }
    if (searchers != null) {
      searchers.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (directory != null) {
      directory.close();
    }
    LinliHttpEngine.deleteTree(dir);
  }

  /**
   * Per document: its service radius minus its great-circle distance to the need (the contract's
   * sphere), from doc values; {@code >= 0} means the provider's circle covers the need. Documents
   * without a radius (polygons) get -1.
   */
  private static final class Reach extends DoubleValuesSource {
    private final double lat;
    private final double lon;

    Reach(double lat, double lon) {
      this.lat = lat;
      this.lon = lon;
    }

    @Override
    public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
      SortedNumericDocValues loc = DocValues.getSortedNumeric(ctx.reader(), "loc");
      NumericDocValues radius = DocValues.getNumeric(ctx.reader(), "radius");
      return new DoubleValues() {
        private double value;

        @Override
        public double doubleValue() {
          return value;
        }

        @Override
        public boolean advanceExact(int doc) throws IOException {
          if (!radius.advanceExact(doc) || !loc.advanceExact(doc)) {
            value = -1;
            return true;
          }
          long encoded = loc.nextValue();
          double pLat = GeoEncodingUtils.decodeLatitude((int) (encoded >> 32));
          double pLon = GeoEncodingUtils.decodeLongitude((int) encoded);
          value =
              NumericUtils.sortableLongToDouble(radius.longValue())
                  - GreatCircle.distanceMeters(pLat, pLon, lat, lon);
          return true;
        }
      };
    }

    @Override
    public boolean needsScores() {
      return false;
    }

    @Override
    public DoubleValuesSource rewrite(IndexSearcher reader) {
      return this;
    }

    @Override
    public boolean isCacheable(LeafReaderContext ctx) {
      return false;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(lat) * 31 + Double.hashCode(lon);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reach r && r.lat == lat && r.lon == lon;
    }

    @Override
    public String toString() {
      return "reach(" + lat + "," + lon + ")";
    }
  }
}
