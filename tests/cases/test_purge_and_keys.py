"""`flask cases purge` and encryption at rest with key rotation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import func, select, text

from portal.cases.links import create_link, record_opening
from portal.encryption import FieldCipher, KeysMissingError, parse_keys
from portal.extensions import db
from portal.models import Case, LinkOpening, ReviewConference, SecureLink
from tests.dbsupport import add_case, add_organisation, dispose, make_app

NOW = datetime.now(UTC)
SECRETS = {
    "nickname": "Sam",
    "conference_place": "Civic Centre, Room 4",
    "conference_link": "https://meet.example.org/abc",
    "note": "Bring the letter from school.",
}


def _age(case: Case, days: int) -> None:
    case.created_at = case.updated_at = NOW - timedelta(days=days)


def _case_ids(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Case.public_id)))


def test_purge_deletes_cases_a_set_time_after_their_links_stop(db_app: Flask) -> None:
    with db_app.app_context():
        organisation = add_organisation()
        cases: dict[str, str] = {}

        def case_with_link(name: str, *, ended_days_ago: int, revoked: bool = False) -> None:
            case = add_case(organisation)
            _age(case, 400)
            new = create_link(case, NOW - timedelta(days=300), with_pin=False)
            ended = NOW - timedelta(days=ended_days_ago)
            if revoked:
                new.link.revoked_at = ended
            else:
                new.link.expires_at = ended
            db.session.commit()
            record_opening(new.link, NOW - timedelta(days=250))
            case.reviews.append(ReviewConference(held_on=NOW.date()))
            db.session.commit()
            case.updated_at = NOW - timedelta(days=400)  # the review above touched it
            db.session.commit()
            cases[name] = case.public_id

        case_with_link("expired long ago", ended_days_ago=31)
        case_with_link("revoked long ago", ended_days_ago=45, revoked=True)
        case_with_link("expired lately", ended_days_ago=29)
        case_with_link("still working", ended_days_ago=-60)
        old_without_link = add_case(organisation)
        _age(old_without_link, 31)
        new_without_link = add_case(organisation)
        _age(new_without_link, 5)
        db.session.commit()
        cases["old, no link"] = old_without_link.public_id
        cases["new, no link"] = new_without_link.public_id

    result = db_app.test_cli_runner().invoke(args=["cases", "purge"])
    assert result.exit_code == 0 and "Deleted 3 case(s)." in result.output
    kept = _case_ids(db_app)
    assert kept == {cases["expired lately"], cases["still working"], cases["new, no link"]}
    with db_app.app_context():
        assert db.session.scalar(select(func.count(SecureLink.id))) == 2
        assert db.session.scalar(select(func.count(LinkOpening.id))) == 2
        assert db.session.scalar(select(func.count(ReviewConference.id))) == 2
    sooner = db_app.test_cli_runner().invoke(args=["cases", "purge", "--days", "10"])
    assert "Deleted 1 case(s)." in sooner.output
    assert _case_ids(db_app) == {cases["still working"], cases["new, no link"]}


def test_free_text_is_encrypted_at_rest(db_app: Flask) -> None:
    with db_app.app_context():
        case = add_case(add_organisation(), **SECRETS)
        raw = db.session.execute(
            text(
                "SELECT nickname, conference_place, conference_link, note FROM cases WHERE id = :id"
            ),
            {"id": case.id},
        ).one()
    for column, plaintext in zip(SECRETS, raw, strict=True):
        assert plaintext is not None and SECRETS[column] not in plaintext
        assert plaintext.startswith("gAAAAA"), "a Fernet token"
    with db_app.app_context():
        again = db.session.scalar(select(Case))
        assert again is not None
        assert {name: getattr(again, name) for name in SECRETS} == SECRETS


def test_keys_rotate(db_url: str, search_dir: object, db_app: Flask) -> None:
    old_key = db_app.config["FIELD_ENCRYPTION_KEYS"]
    with db_app.app_context():
        case = add_case(add_organisation(), **SECRETS)
        updated_at = case.updated_at
    new_key = Fernet.generate_key().decode()
    both = make_app(db_url, search_dir, FIELD_ENCRYPTION_KEYS=f"{new_key}, {old_key}")  # type: ignore[arg-type]
    result = both.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "Re-encrypted 4 field(s)." in result.output
    only_new = make_app(db_url, search_dir, FIELD_ENCRYPTION_KEYS=new_key)  # type: ignore[arg-type]
    with only_new.app_context():
        again = db.session.scalar(select(Case))
        assert again is not None
        assert {name: getattr(again, name) for name in SECRETS} == SECRETS
        assert again.updated_at == updated_at, "rotation does not count as an edit (purge)"
    dispose(only_new, both)
    with db_app.app_context():
        raw = db.session.execute(text("SELECT note FROM cases")).scalar_one()
    with pytest.raises(RuntimeError, match="cannot be decrypted"):
        FieldCipher(parse_keys(old_key)).decrypt(raw)  # the old key alone no longer reads it


def test_keys_generate_prints_a_usable_key(db_app: Flask) -> None:
    output = db_app.test_cli_runner().invoke(args=["keys", "generate"]).output.strip()
    assert (
        FieldCipher(parse_keys(output)).decrypt(FieldCipher(parse_keys(output)).encrypt("x")) == "x"
    )


def test_production_without_keys_refuses_to_store_text() -> None:
    with pytest.raises(KeysMissingError, match="FIELD_ENCRYPTION_KEYS"):
        FieldCipher([])


def test_development_keeps_a_key_in_the_instance_folder(tmp_path: object) -> None:
    from pathlib import Path

    from portal.encryption import _instance_key

    folder = Path(str(tmp_path))
    first = _instance_key(str(folder))
    assert _instance_key(str(folder)) == first
    assert (folder / "field_encryption_key").stat().st_mode & 0o777 == 0o600
    Fernet(first)
