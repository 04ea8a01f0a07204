package ma.rokhsa.api.decision;

import java.util.List;
import java.util.Map;

import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.payment.FeesDue;
import ma.rokhsa.api.payment.FeesPaidListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Fees paid online: FEES_DUE -> FEES_PAID and the legal clock runs again (the commune's turn to sign). */
@Component
class FeesWorkflow implements FeesPaidListener {

    private final R2dbcDossierStore store;
    private final DossierEvents events;
    private final LegalTime legalTime;
    private final java.time.Clock clock;

    FeesWorkflow(R2dbcDossierStore store, DossierEvents events, LegalTime legalTime, java.time.Clock clock) {
        this.store = store;
        this.events = events;
        this.legalTime = legalTime;
        this.clock = clock;
    }

    @Override
    public Mono<Void> feesPaid(DossierRecord dossier, FeesDue due) {
        return store.lock(dossier.id()).flatMap(d -> d.status() != DossierStatus.FEES_DUE ? Mono.empty()
                : store.transition(d.id(), List.of(DossierStatus.FEES_DUE), DossierStatus.FEES_PAID)
                .then(legalTime.start(d.id(), clock.instant()))
                .then(events.dossierStatus(d, DossierStatus.FEES_DUE, DossierStatus.FEES_PAID,
                        Map.of("amount", due.amount(), "currency", due.currency())))
                .then());
    }
}
