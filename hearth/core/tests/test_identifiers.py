"""NHS number, UPN and postcode checks (pure functions; no database or settings needed)."""

from __future__ import annotations

import random

import pytest

from hearth.core.identifiers import (
    NHS_TEST_RANGE,
    UPN_CHECK_ALPHABET,
    format_nhs_number,
    make_nhs_number,
    make_upn,
    nhs_number_check_digit,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_district,
    postcode_is_valid,
    postcode_search_prefix,
    postcode_sector,
    upn_check_letter,
    upn_is_valid,
)

# --------------------------------------------------------------------------------------------
# NHS number
# --------------------------------------------------------------------------------------------


class TestNhsNumber:
    def test_known_valid_number(self) -> None:
        # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
        assert nhs_number_check_digit("943476591") == 9
        assert nhs_number_is_valid("9434765919")

    def test_wrong_check_digit_is_invalid(self) -> None:
        assert not nhs_number_is_valid("9434765918")

    @pytest.mark.parametrize("value", ["943 476 5919", " 943 476 5919 ", "943\t476\u00a05919", "9434 765919"])
    def test_spaces_allowed(self, value: str) -> None:
        assert nhs_number_is_valid(value)
        assert normalise_nhs_number(value) == "9434765919"

    def test_remainder_zero_gives_check_digit_zero(self) -> None:
        # 943476590: sum 297, 297 mod 11 = 0, 11 - 0 = 11 -> check digit 0.
        assert nhs_number_check_digit("943476590") == 0
        assert nhs_number_is_valid("9434765900")

    def test_check_digit_ten_means_invalid(self) -> None:
        # 000000006: 6*2 = 12, 12 mod 11 = 1, 11 - 1 = 10 -> no valid check digit exists.
        assert nhs_number_check_digit("000000006") is None
        assert not any(nhs_number_is_valid(f"000000006{digit}") for digit in range(10))

    @pytest.mark.parametrize(
        "value",
        ["", "943476591", "94347659190", "943476591X", "943-476-5919", "９４３４７６５９１９", "+943476591"],
    )
    def test_malformed_is_invalid(self, value: str) -> None:
        assert not nhs_number_is_valid(value)

    def test_check_digit_rejects_bad_input(self) -> None:
        with pytest.raises(ValueError):
            nhs_number_check_digit("12345678")
        with pytest.raises(ValueError):
            nhs_number_check_digit("12345678X")

    def test_format(self) -> None:
        assert format_nhs_number("9434765919") == "943 476 5919"
        with pytest.raises(ValueError):
            format_nhs_number("9434765918")

    def test_generator_stays_in_test_range_and_is_valid(self) -> None:
        low, high = NHS_TEST_RANGE
        numbers = set()
        for seed in range(1000):
            number = make_nhs_number(random.Random(seed))
            assert len(number) == 10 and number.isdigit()
            assert number.startswith("999")
            assert low <= int(number) <= high
            assert nhs_number_is_valid(number)
            numbers.add(number)
        assert len(numbers) > 990  # random, not constant

    def test_generator_is_deterministic(self) -> None:
        assert make_nhs_number(random.Random(42)) == make_nhs_number(random.Random(42))


# --------------------------------------------------------------------------------------------
# UPN
# --------------------------------------------------------------------------------------------


class TestUpn:
    def test_alphabet_is_a_to_z_without_i_o_s(self) -> None:
        assert len(UPN_CHECK_ALPHABET) == 23
        assert set(UPN_CHECK_ALPHABET) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("IOS")

    # Worked by hand: character n (n = 2..13) times weight n, summed, mod 23, into A..Z without I, O, S.
    @pytest.mark.parametrize(
        ("body", "letter"),
        [
            # 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 + 1*13
            # = 16 + 4 + 10 + 50 + 13 = 93; 93 mod 23 = 1 -> B
            ("801200005001", "B"),
            # 9*2 + 5*3 + 0 + 0 + 0 + 0 + 1*8 + 7*9 + 8*10 + 3*11 + 0*12 + 1*13
            # = 18 + 15 + 8 + 63 + 80 + 33 + 13 = 230; 230 mod 23 = 0 -> A
            ("950000178301", "A"),
            # 2*2 + 4*3 + 3*4 + 2*5 + 7*6 + 8*7 + 5*8 + 4*9 + 4*10 + 1*11 + 5*12 + 4*13
            # = 4 + 12 + 12 + 10 + 42 + 56 + 40 + 36 + 40 + 11 + 60 + 52 = 375; 375 - 368 = 7 -> H
            ("243278544154", "H"),
            # 93 from the first example, plus 6*11 = 66 -> 159; 159 - 138 = 21 -> Y
            ("801200005601", "Y"),
            # 93 + 4*11 = 137; 137 - 115 = 22 -> Z
            ("801200005401", "Z"),
            # temporary UPN: character 13 'A' counts as 0. 16 + 4 + 10 + 50 + 0 = 80; 80 - 69 = 11 -> M
            ("80120000500A", "M"),
            # temporary UPN: character 13 'Z' counts as 22. 80 + 22*13 = 366; 366 - 345 = 21 -> Y
            ("80120000500Z", "Y"),
        ],
    )
    def test_check_letter_worked_examples(self, body: str, letter: str) -> None:
        assert upn_check_letter(body) == letter
        assert upn_is_valid(letter + body)

    @pytest.mark.parametrize("value", ["R247962919251", "X428558133462", "C801200005001", "A801200005001"])
    def test_wrong_check_letter_is_invalid(self, value: str) -> None:
        assert not upn_is_valid(value)

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "UN1",
            "UN7",
            "B80120000500",  # 12 characters
            "B8012000050011",  # 14 characters
            "8801200005001",  # first character a digit
            "B80120000A001",  # letter in the middle
            "B80120000500I",  # I, O and S are not used
            "B80120000500O",
            "B80120000500S",
            "I801200005001",
        ],
    )
    def test_malformed_is_invalid(self, value: str) -> None:
        assert not upn_is_valid(value)

    def test_lower_case_and_spaces_are_normalised(self) -> None:
        assert normalise_upn(" b801 2000 05001 ") == "B801200005001"
        assert upn_is_valid("b801200005001")
        assert upn_is_valid("B801 2000 05001")

    @pytest.mark.parametrize("body", ["80120000500", "8012000050011", "80120000500I", "A01200005001", ""])
    def test_check_letter_rejects_bad_body(self, body: str) -> None:
        with pytest.raises(ValueError):
            upn_check_letter(body)

    def test_generator_round_trip_over_1000_seeds(self) -> None:
        for seed in range(1000):
            rng = random.Random(seed)
            la_number = rng.choice([201, 330, 391, 826, 938])
            upn = make_upn(rng, la_number)
            assert len(upn) == 13
            assert upn[1:].isdigit()
            assert upn[1:4] == f"{la_number:03d}"
            assert upn_is_valid(upn), upn
            # changing the check letter must make it invalid
            other = UPN_CHECK_ALPHABET[(UPN_CHECK_ALPHABET.index(upn[0]) + 1) % 23]
            assert not upn_is_valid(other + upn[1:])

    def test_generator_temporary_upns(self) -> None:
        for seed in range(1000):
            upn = make_upn(random.Random(seed), 826, temporary=True)
            assert upn[1:12].isdigit() and upn[12] in UPN_CHECK_ALPHABET
            assert upn_is_valid(upn), upn

    def test_generator_uses_every_check_letter(self) -> None:
        letters = {make_upn(random.Random(seed), 201)[0] for seed in range(1000)}
        assert letters == set(UPN_CHECK_ALPHABET)

    def test_generator_pads_small_la_numbers_and_rejects_bad_ones(self) -> None:
        assert make_upn(random.Random(0), 5)[1:4] == "005"
        with pytest.raises(ValueError):
            make_upn(random.Random(0), 1000)
        with pytest.raises(ValueError):
            make_upn(random.Random(0), -1)


# --------------------------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------------------------


class TestPostcode:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("ne14st", "NE1 4ST"),
            ("NE1 4ST", "NE1 4ST"),
            ("  ne1   4st ", "NE1 4ST"),
            ("NE14ST", "NE1 4ST"),
            ("sw1a1aa", "SW1A 1AA"),
            ("W1A0AX", "W1A 0AX"),
            ("m11ae", "M1 1AE"),
            ("DN551PT", "DN55 1PT"),
            ("n e 1 4 s t", "NE1 4ST"),
            ("ne1", "NE1"),
            ("ne1  4", "NE1 4"),
            ("", ""),
        ],
    )
    def test_normalise(self, value: str, expected: str) -> None:
        assert normalise_postcode(value) == expected

    @pytest.mark.parametrize(
        "value",
        [
            "NE1 4ST",
            "SW1A 1AA",
            "W1A 0AX",
            "EC1A 1BB",
            "M1 1AE",
            "B33 8TH",
            "CR2 6XH",
            "DN55 1PT",
            "ne14st",
            "GIR 0AA",
        ],
    )
    def test_valid(self, value: str) -> None:
        assert postcode_is_valid(value)

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "NE1",
            "NE1 4",
            "12345",
            "NE1 4STX",
            "QE1 1AA",  # Q is never a first letter
            "VE1 1AA",  # nor V
            "XE1 1AA",  # nor X
            "NJ1 1AA",  # J is never a second letter
            "NE1 4CA",  # C, I, K, M, O, V are never in the inward code
            "NE1 4AV",
            "NE1 AST",
            "NE123 4ST",
        ],
    )
    def test_invalid(self, value: str) -> None:
        assert not postcode_is_valid(value)

    def test_district_and_sector(self) -> None:
        assert postcode_district("ne1 4st") == "NE1"
        assert postcode_district("NE1 4") == "NE1"
        assert postcode_district("ne1") == "NE1"
        assert postcode_district("SW1A 1AA") == "SW1A"
        assert postcode_district("NE14") == "NE14"
        assert postcode_district("12345") is None
        assert postcode_district("") is None
        assert postcode_sector("ne14st") == "NE1 4"
        assert postcode_sector("NE1 4") == "NE1 4"
        assert postcode_sector("ne1 4s") == "NE1 4"
        assert postcode_sector("SW1A 1AA") == "SW1A 1"
        assert postcode_sector("NE1") is None
        assert postcode_sector("") is None

    def test_search_prefix(self) -> None:
        assert postcode_search_prefix("ne14st") == "NE1 4ST"
        assert postcode_search_prefix("ne1 4") == "NE1 4"
        assert postcode_search_prefix("ne1 4s") == "NE1 4S"
        assert postcode_search_prefix("ne1") == "NE1 "
        assert postcode_search_prefix("") is None
        assert postcode_search_prefix("not a postcode") is None

    def test_district_prefix_does_not_match_longer_districts(self) -> None:
        stored = [normalise_postcode(p) for p in ["NE1 4ST", "NE10 0AA", "NE12 9AB", "NE1 7RU"]]
        prefix = postcode_search_prefix("NE1")
        assert prefix is not None
        assert [p for p in stored if p.startswith(prefix)] == ["NE1 4ST", "NE1 7RU"]
