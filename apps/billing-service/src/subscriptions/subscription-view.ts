import { planView } from '../common/plan-terms';
import { SubscriptionWithPlan } from './subscriptions.repository';

/** A subscription as the API shows it: its plan's tiers grouped by meter, as plans are shown. */
export const subscriptionView = ({ plan, ...subscription }: SubscriptionWithPlan) => ({ ...subscription, plan: planView(plan) });
