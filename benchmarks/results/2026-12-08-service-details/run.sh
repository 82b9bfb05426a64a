#!/bin/bash
cd /tmp/jmh
J="-wi 2 -w 5 -i 4 -r 5 -p text= -p providers=1000000"
for round in 1 2; do
echo "=== before round $round $(date +%T)"
java -jar before.jar 'MatchBenchmark.sortByDistance$' $J 2>&1 | grep -E "^MatchBenchmark"
echo "=== after round $round (details=true) $(date +%T)"
java -jar after.jar 'MatchBenchmark.sortByDistance$' $J -p details=true 2>&1 | grep -E "^MatchBenchmark"
echo "=== after round $round (details=false) $(date +%T)"
java -jar after.jar 'MatchBenchmark.sortByDistance$' $J -p details=false 2>&1 | grep -E "^MatchBenchmark"
done
echo "=== after, with rules (details=true) $(date +%T)"
java -jar after.jar 'MatchBenchmark.sortByDistanceWithRules' $J -p details=true 2>&1 | grep -E "^MatchBenchmark"
echo "=== footprint: before jar, corrected tool $(date +%T)"
mkdir -p fpc/org/linli/benchmarks && cp fp/IndexFootprint.class fpc/org/linli/benchmarks/
java -Xmx8g -cp fpc:before.jar org.linli.benchmarks.IndexFootprint 1000000
echo "=== footprint: after"
java -Xmx8g -cp after.jar org.linli.benchmarks.IndexFootprint 1000000
echo "=== footprint: after, details"
java -Xmx8g -cp after.jar org.linli.benchmarks.IndexFootprint 1000000 details
echo done
