"""A site's own document type for the add-label tests: recipes, written from parts here (never
../shared data). Each is a different dish with its own ingredients and steps."""

from __future__ import annotations

DISHES = [
    ("Banana Bread", "ripe bananas", "loaf pan", 60),
    ("Lentil Soup", "red lentils", "stock pot", 35),
    ("Apple Crumble", "tart apples", "baking dish", 45),
    ("Chicken Curry", "chicken thighs", "heavy skillet", 40),
    ("Vegetable Lasagne", "lasagne sheets", "deep tray", 50),
    ("Pancakes", "plain flour", "frying pan", 15),
    ("Tomato Risotto", "arborio rice", "wide saucepan", 30),
    ("Lemon Tart", "unwaxed lemons", "tart tin", 40),
    ("Beef Stew", "stewing beef", "casserole dish", 120),
    ("Carrot Cake", "grated carrots", "round cake tin", 55),
    ("Mushroom Pie", "chestnut mushrooms", "pie dish", 45),
    ("Fish Tacos", "white fish fillets", "griddle pan", 20),
    ("Pea Soup", "frozen peas", "saucepan", 25),
    ("Oat Cookies", "rolled oats", "baking sheet", 12),
    ("Stuffed Peppers", "bell peppers", "roasting tin", 40),
]
EXTRAS = ["butter", "brown sugar", "garlic", "onion", "cumin", "cinnamon", "olive oil", "eggs",
          "milk", "salt", "black pepper", "parsley", "baking powder", "cream", "thyme"]  # fmt: skip


def recipe(index: int) -> str:
    name, main, vessel, minutes = DISHES[index % len(DISHES)]
    extras = [EXTRAS[(index * 3 + k) % len(EXTRAS)] for k in range(5)]
    lines = [
        f"{name}",
        f"Serves {2 + index % 5}. Preparation {10 + index % 4 * 5} minutes, cooking {minutes}.",
        "",
        "Ingredients",
        f"- 400 g {main}",
        *[f"- {1 + (index + k) % 3} tablespoons {x}" for k, x in enumerate(extras)],
        "",
        "Method",
        f"1. Preheat the oven to {160 + index % 4 * 10} C and grease the {vessel}.",
        f"2. Chop the {main} and mix with the {extras[0]} and {extras[1]} in a large bowl.",
        f"3. Stir in the {extras[2]}, season to taste and transfer to the {vessel}.",
        f"4. Cook for {minutes} minutes until golden, then rest for five minutes.",
        f"5. Serve warm, topped with the {extras[3]}. Keeps two days in the fridge.",
    ]
    return "\n".join(lines) + "\n"
