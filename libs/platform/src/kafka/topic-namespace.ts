/**
 * Several environments (a test run, a staging copy) can share one Kafka cluster: each prefixes its physical topic
 * names and consumer groups. Code always speaks in the contracts' logical names; only the Kafka edge translates.
 */
export class TopicNamespace {
  constructor(readonly prefix: string) {}

  physical(logicalTopic: string): string {
    return `${this.prefix}${logicalTopic}`;
  }

  logical(physicalTopic: string): string {
    if (!physicalTopic.startsWith(this.prefix)) {
      throw new Error(`topic ${physicalTopic} is outside namespace "${this.prefix}"`);
    }
    return physicalTopic.slice(this.prefix.length);
  }
}
