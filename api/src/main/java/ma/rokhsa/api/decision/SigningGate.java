package ma.rokhsa.api.decision;

import ma.rokhsa.api.dossier.DossierRecord;
import reactor.core.publisher.Mono;

/**
 * A condition the procedure puts on signing a decision (the dossier's state; fees paid for a permit).
 * Completes empty when signing may proceed, or errors with the problem to show.
 */
public interface SigningGate {
    Mono<Void> check(DossierRecord dossier, DecisionService.Outcome outcome);
}
