// Package deploy holds what operators load next to the app: Prometheus
// alert rules with their unit tests (prometheus/) and a Grafana dashboard
// (grafana/). It has no code; its tests check the files with promtool and
// against the metrics a running app exports (README "Alerts and
// dashboard").
package deploy
