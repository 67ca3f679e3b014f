-- Run once by the postgres:16 image on an empty volume (docker-compose.yml):
-- one database per service, as infra/up.sh creates them on bare hosts.
CREATE DATABASE llmchain_data;
CREATE DATABASE llmchain_training;
CREATE DATABASE llmchain_serving;
CREATE DATABASE llmchain_billing;
