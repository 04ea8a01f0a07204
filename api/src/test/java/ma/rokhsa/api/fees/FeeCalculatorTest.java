package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.web.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeeCalculatorTest {

    static final TariffRates RATES = new TariffRates(
            Map.of("HOUSING_INDIVIDUAL", new BigDecimal("25"), "COMMERCIAL", new BigDecimal("20"), "HOUSING_SOCIAL", BigDecimal.ZERO),
            List.of("BUILDING_SMALL", "BUILDING_LARGE"),
            new BigDecimal("4"), List.of("SUBDIVISION"),
            Map.of("RENOVATION", new BigDecimal("500"), "BUILDING_LARGE", new BigDecimal("150.50")));
    static final Tariff TARIFF = new Tariff(UUID.randomUUID(), "BML", 3, LocalDate.parse("2026-01-01"), null, RATES, null, null);
    static final LocalDate DAY = LocalDate.parse("2026-03-02");

    final FeeCalculator calc = new FeeCalculator();

    static BigDecimal m(String s) {
        return new BigDecimal(s);
    }

    @Test
    void constructionTaxPerUseWithStartedSquareMetresCountedWhole() {
        DeclaredFigures f = new DeclaredFigures(Map.of(CoveredUse.HOUSING_INDIVIDUAL, m("180.2"), CoveredUse.COMMERCIAL, m("40")), null, null, null);
        Fees fees = calc.compute("BUILDING_SMALL", "Permis de construire - petit projet", f, TARIFF, DAY, false);
        assertThat(fees.lines()).extracting(Fees.Line::code)
                .containsExactly("CONSTRUCTION_TAX.HOUSING_INDIVIDUAL", "CONSTRUCTION_TAX.COMMERCIAL");
        Fees.Line housing = fees.lines().get(0);
        assertThat(housing.base()).isEqualByComparingTo("181");
        assertThat(housing.rate()).isEqualByComparingTo("25");
        assertThat(housing.amount()).isEqualTo(m("4525.00"));
        assertThat(housing.unit()).isEqualTo("m2");
        assertThat(housing.label()).contains("Habitat individuel");
        assertThat(fees.lines().get(1).amount()).isEqualTo(m("800.00"));
        assertThat(fees.total()).isEqualTo(m("5325.00"));
        assertThat(fees.tariff().version()).isEqualTo(3);
        assertThat(fees.currency()).isEqualTo("MAD");
        assertThat(fees.date()).isEqualTo(DAY);
    }

    @Test
    void aLargeProjectAddsItsFixedFeeAndSocialHousingIsShownAtZero() {
        DeclaredFigures f = new DeclaredFigures(Map.of(CoveredUse.HOUSING_SOCIAL, m("1200"), CoveredUse.HOUSING_INDIVIDUAL, m("0.5")), null, null, null);
        Fees fees = calc.compute("BUILDING_LARGE", "Permis de construire - grand projet", f, TARIFF, DAY, true);
        assertThat(fees.lines()).extracting(Fees.Line::code)
                .containsExactly("CONSTRUCTION_TAX.HOUSING_INDIVIDUAL", "CONSTRUCTION_TAX.HOUSING_SOCIAL", "FIXED_FEE.BUILDING_LARGE");
        assertThat(fees.lines().get(0).amount()).isEqualTo(m("25.00"));     // half a m2 counts as one
        assertThat(fees.lines().get(1).amount()).isEqualTo(m("0.00"));
        assertThat(fees.lines().get(2).amount()).isEqualTo(m("150.50"));
        assertThat(fees.total()).isEqualTo(m("175.50"));
        assertThat(fees.estimate()).isTrue();
    }

    @Test
    void subdivisionTaxIsAShareOfTheWorksCostRoundedToTheCentime() {
        DeclaredFigures f = new DeclaredFigures(Map.of(), m("1234567.89"), 24, null);
        Fees fees = calc.compute("SUBDIVISION", "Lotissement", f, TARIFF, DAY, false);
        assertThat(fees.lines()).singleElement().satisfies(l -> {
            assertThat(l.code()).isEqualTo("SUBDIVISION_TAX");
            assertThat(l.base()).isEqualTo(m("1234567.89"));
            assertThat(l.rate()).isEqualByComparingTo("4");
            assertThat(l.rateUnit()).isEqualTo("%");
            assertThat(l.amount()).isEqualTo(m("49382.72"));   // 49382.7156
        });
    }

    @Test
    void aFixedDutyOnly() {
        Fees fees = calc.compute("RENOVATION", "Autorisation de réfection", DeclaredFigures.none(), TARIFF, DAY, false);
        assertThat(fees.lines()).singleElement().satisfies(l -> {
            assertThat(l.label()).isEqualTo("Droit fixe - Autorisation de réfection");
            assertThat(l.amount()).isEqualTo(m("500.00"));
        });
        assertThat(calc.compute("SIMPLE_DECLARATION", "x", DeclaredFigures.none(), TARIFF, DAY, false).total()).isEqualTo(m("0.00"));
    }

    @Test
    void missingFiguresOrRatesSayWhatToDo() {
        assertThatThrownBy(() -> calc.compute("BUILDING_SMALL", "x", DeclaredFigures.none(), TARIFF, DAY, false))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("FIGURES_MISSING");
                    assertThat(p.getStatusCode().value()).isEqualTo(422);
                    assertThat(p.getBody().getDetail()).contains("coveredArea").contains("PUT /api/dossiers/{id}/figures");
                });
        assertThatThrownBy(() -> calc.compute("SUBDIVISION", "x", DeclaredFigures.none(), TARIFF, DAY, false))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.getBody().getDetail()).contains("worksCost"));
        DeclaredFigures industrial = new DeclaredFigures(Map.of(CoveredUse.INDUSTRIAL, m("500")), null, null, null);
        assertThatThrownBy(() -> calc.compute("BUILDING_SMALL", "x", industrial, TARIFF, DAY, false))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("TARIFF_INCOMPLETE");
                    assertThat(p.getBody().getDetail()).contains("INDUSTRIAL").contains("version 3");
                });
    }

    @Test
    void ratesAreValidated() {
        assertThat(RATES.problems()).isEmpty();
        TariffRates bad = new TariffRates(Map.of("CASTLE", m("10"), "COMMERCIAL", m("-1")), List.of("BUILDING_SMALL"),
                null, List.of("SUBDIVISION"), Map.of("RENOVATION", m("10.555")));
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).contains("unknown use 'CASTLE'"))
                .anySatisfy(p -> assertThat(p).contains("COMMERCIAL = -1"))
                .anySatisfy(p -> assertThat(p).contains("subdivisionPercent is missing"))
                .anySatisfy(p -> assertThat(p).contains("more than two decimals"));
    }

    @Test
    void validityIsInclusiveAtBothEnds() {
        Tariff closed = new Tariff(UUID.randomUUID(), "BML", 1, LocalDate.parse("2024-01-01"), LocalDate.parse("2025-12-31"), RATES, null, null);
        assertThat(closed.validOn(LocalDate.parse("2024-01-01"))).isTrue();
        assertThat(closed.validOn(LocalDate.parse("2025-12-31"))).isTrue();
        assertThat(closed.validOn(LocalDate.parse("2026-01-01"))).isFalse();
        assertThat(closed.validOn(LocalDate.parse("2023-12-31"))).isFalse();
        assertThat(TARIFF.validOn(LocalDate.parse("2099-01-01"))).isTrue();
    }
}
