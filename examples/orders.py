"""Domain model of an order-import job: CSV rows in, `Order` objects out.

An import creates one `Money`, one `LineItem` and often one `Address` per row,
so these classes are instantiated in a loop and are worth slots (HOT301, hot).
`Order` gains `shipped_at` after construction, so slots would break it and it
is not reported; `OrderImportError` has a base class and is not reported
either.
"""
import csv
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator


@dataclass
class Address:
    street: str
    city: str
    postcode: str
    country: str = "NL"


class Money:
    def __init__(self, amount: str | Decimal, currency: str = "EUR") -> None:
        self.amount = Decimal(amount)
        self.currency = currency

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __mul__(self, factor: int) -> "Money":
        return Money(self.amount * factor, self.currency)

    def __repr__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


class LineItem:
    def __init__(self, sku: str, quantity: int, unit_price: Money) -> None:
        self.sku = sku
        self.quantity = quantity
        self.unit_price = unit_price

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


class Order:
    def __init__(self, number: str, customer: str, address: Address) -> None:
        self.number = number
        self.customer = customer
        self.address = address
        self.items: list[LineItem] = []

    def add(self, item: LineItem) -> None:
        self.items.append(item)

    def total(self, currency: str = "EUR") -> Money:
        amount = Money("0", currency)
        for item in self.items:
            amount = amount + item.total
        return amount

    def mark_shipped(self, when: str) -> None:
        self.shipped_at = when


class OrderImportError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line


def read_rows(path: str) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def parse_orders(rows: Iterator[dict[str, str]]) -> list[Order]:
    """Group CSV rows (one per line item) into orders, keeping first-seen order."""
    orders: dict[str, Order] = {}
    for line, row in enumerate(rows, start=2):
        try:
            number = row["order"]
            quantity = int(row["quantity"])
            price = Money(row["unit_price"], row.get("currency") or "EUR")
        except (KeyError, ValueError, ArithmeticError) as error:
            raise OrderImportError(line, str(error)) from error
        order = orders.get(number)
        if order is None:
            address = Address(row["street"], row["city"], row["postcode"], row.get("country") or "NL")
            order = orders[number] = Order(number, row["customer"], address)
        order.add(LineItem(row["sku"], quantity, price))
    return list(orders.values())


if __name__ == "__main__":
    sample = [
        {"order": "A-1", "customer": "Ada", "street": "Kade 1", "city": "Delft", "postcode": "2611",
         "sku": "BOLT-8", "quantity": "100", "unit_price": "0.12"},
        {"order": "A-1", "customer": "Ada", "street": "Kade 1", "city": "Delft", "postcode": "2611",
         "sku": "NUT-8", "quantity": "100", "unit_price": "0.05"},
    ]
    for parsed in parse_orders(iter(sample)):
        print(parsed.number, parsed.customer, parsed.address.city, parsed.total())
