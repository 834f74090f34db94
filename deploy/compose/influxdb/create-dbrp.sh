#!/bin/bash
# Runs once, after InfluxDB 2.x set itself up: maps the bucket to a database/retention policy so
# Grafana's InfluxQL data source (and the dashboards) can read it.
set -euo pipefail
bucket_id=$(influx bucket list --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --name "${DOCKER_INFLUXDB_INIT_BUCKET}" --hide-headers | cut -f 1)
influx v1 dbrp create --org "${DOCKER_INFLUXDB_INIT_ORG}" --bucket-id "${bucket_id}" \
  --db "${DOCKER_INFLUXDB_INIT_BUCKET}" --rp autogen --default
