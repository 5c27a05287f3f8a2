// Which client library speaks Kafka behind the port. Kept apart from the adapters so the
// settings can name the default without loading either library.

export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;

export type KafkaClient = (typeof KAFKA_CLIENTS)[number];

export const DEFAULT_KAFKA_CLIENT: KafkaClient = 'kafkajs';
