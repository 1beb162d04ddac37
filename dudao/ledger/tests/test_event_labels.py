from dudao.ledger.models.ledger import EVENT_LABELS, LedgerEvent
from dudao.ledger.workflows import TRANSITIONS


def test_history_lines_read_as_words_not_codes():
    name, transition = next(iter(TRANSITIONS.items()))
    assert LedgerEvent(action=name).action_label == str(transition.label)
    assert LedgerEvent(action="reminder").action_label == str(EVENT_LABELS["reminder"]) == "到期提醒"
    assert LedgerEvent(action="something_new").action_label == "something_new"
