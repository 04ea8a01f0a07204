package ma.rokhsa.api.payment;

import ma.rokhsa.api.dossier.DossierRecord;
import reactor.core.publisher.Mono;

/**
 * Told when a dossier's fees become fully paid by a gateway callback, inside the transaction that
 * records the payment (so the workflow can move the dossier on atomically: an error rolls the payment
 * record back and the gateway is told to retry). Implement it as a Spring bean; not called by
 * {@link PaymentService#markFeesDue} when there is nothing to pay (the caller sees {@link FeesDue#paid()}).
 */
public interface FeesPaidListener {

    Mono<Void> feesPaid(DossierRecord dossier, FeesDue due);
}
