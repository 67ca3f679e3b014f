import { CustomStrategy, KafkaOptions } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { PlatformConfig } from '../config/platform-config';
import { NamespacedServerKafka } from './namespaced-server-kafka';
import { TopicNamespace } from './topic-namespace';

/**
 * The Kafka side of a hybrid Nest app. One consumer group per service (each service sees every event once),
 * starting from the earliest offset for a new group so nothing published before its first start is missed.
 * Messages stay bytes: the contracts parse them, and a dead letter keeps the exact bytes that failed.
 */
export function kafkaMicroserviceStrategy(serviceName: string, config: PlatformConfig): CustomStrategy {
  const namespace = new TopicNamespace(config.KAFKA_TOPIC_PREFIX);
  const options: KafkaOptions['options'] = {
    postfixId: '',
    client: { clientId: serviceName, brokers: config.KAFKA_BROKERS, retry: { initialRetryTime: 200, retries: 10 } },
    consumer: {
      groupId: namespace.physical(serviceName),
      sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 5),
      maxWaitTimeInMs: config.KAFKA_FETCH_MAX_WAIT_MS,
      allowAutoTopicCreation: false,
    },
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
    subscribe: { fromBeginning: true },
    parser: { keepBinary: true },
  };
  return { strategy: new NamespacedServerKafka(options, namespace) };
}
